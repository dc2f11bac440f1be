import Testing
@testable import PlannerKit

/// A min-heap against a sorted list: any mix of insertions, removals
/// and replacements of the least element leaves in sorted order.
@Suite struct MinHeapTests {
    @Test func leavesInOrderWhateverTheMixOfOperations() {
        var rng = SeededGenerator(seed: 7, stream: 1)
        for round in 0..<50 {
            var queue = MinHeap<Int>()
            var reference: [Int] = []
            for _ in 0..<(round * 7 + 1) {
                let value = Int.random(in: 0..<100, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where !reference.isEmpty:
                    #expect(queue.removeMin() == reference.removeFirst())
                case 1 where !reference.isEmpty:
                    #expect(queue.replaceMin(with: value) == reference.removeFirst())
                    reference.insert(value, at: reference.firstIndex { $0 > value } ?? reference.count)
                default:
                    queue.insert(value)
                    reference.insert(value, at: reference.firstIndex { $0 > value } ?? reference.count)
                }
                queue._checkInvariants()
                #expect(queue.min == reference.first)
                #expect(queue.count == reference.count)
            }
            while !queue.isEmpty { #expect(queue.removeMin() == reference.removeFirst()) }
            #expect(reference.isEmpty)
        }
    }

    @Test func aHeapBuiltFromAnArrayLeavesItSorted() {
        var rng = SeededGenerator(seed: 11, stream: 1)
        for n in 0..<40 {
            let values = (0..<n).map { _ in Double(Int.random(in: 0..<20, using: &rng)) }
            var heap = MinHeap(values)
            heap._checkInvariants()
            var out: [Double] = []
            while !heap.isEmpty { out.append(heap.removeMin()) }
            #expect(out == values.sorted())
        }
    }

    @Test func aSingleElementLeavesAndTheQueueIsEmpty() {
        var queue = MinHeap<Double>()
        queue.insert(2.5)
        #expect(queue.replaceMin(with: 1.5) == 2.5)
        #expect(queue.removeMin() == 1.5)
        #expect(queue.isEmpty && queue.min == nil)
    }
}
