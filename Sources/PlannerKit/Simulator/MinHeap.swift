/// A binary min-heap in one array: the simulator's pending events and each
/// instance's completions, length changes and deadline cutoffs.
///
/// Swift Collections' `Heap` is a min-max heap, whose every sift compares a
/// node's grandchildren as well as its children; the simulator only ever takes
/// the minimum, and nearly every event it handles is replaced at once by the
/// next iteration of the same instance (``replaceMin(with:)``: one sift down
/// instead of a removal and an insertion). Elements of equal rank leave in no
/// particular order: the simulator's events are totally ordered (time, then
/// sequence number), and its per-instance entries of equal rank name the same
/// request (a stale entry beside the current one), handled alike in either order.
struct MinHeap<Element: Comparable> {
    /// The heap: every element is no less than its parent, at `(i − 1) / 2`.
    private var storage: ContiguousArray<Element> = []

    init() {}

    /// A heap of `elements` (Floyd's construction). O(n).
    init(_ elements: some Sequence<Element>) {
        storage = ContiguousArray(elements)
        for i in stride(from: storage.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    /// Every element, in heap order (not sorted).
    var unordered: ContiguousArray<Element> { storage }

    var isEmpty: Bool { storage.isEmpty }
    var count: Int { storage.count }

    /// The least element. O(1).
    var min: Element? { storage.first }

    /// Adds `element`. O(log n).
    mutating func insert(_ element: Element) {
        storage.append(element)
        siftUp(storage.count - 1)
    }

    /// Removes and returns the least element; the heap must not be empty. O(log n).
    @discardableResult
    mutating func removeMin() -> Element {
        let last = storage.removeLast()
        guard !storage.isEmpty else { return last }
        let least = storage[0]
        storage[0] = last
        siftDown(0)
        return least
    }

    /// Replaces the least element by `element` and returns it; the heap must
    /// not be empty. O(log n), one sift.
    @discardableResult
    mutating func replaceMin(with element: Element) -> Element {
        let least = storage[0]
        storage[0] = element
        siftDown(0)
        return least
    }

    /// Moves the element at `index` up past every greater ancestor (a hole moves, not swaps).
    private mutating func siftUp(_ index: Int) {
        storage.withUnsafeMutableBufferPointer { heap in
            let moving = heap[index]
            var hole = index
            while hole > 0 {
                let parent = (hole - 1) / 2
                guard moving < heap[parent] else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = moving
        }
    }

    /// Moves the element at `index` down past every lesser descendant.
    private mutating func siftDown(_ index: Int) {
        storage.withUnsafeMutableBufferPointer { heap in
            let n = heap.count
            let moving = heap[index]
            var hole = index
            while true {
                var child = 2 * hole + 1
                guard child < n else { break }
                if child + 1 < n, heap[child + 1] < heap[child] { child += 1 }
                guard heap[child] < moving else { break }
                heap[hole] = heap[child]
                hole = child
            }
            heap[hole] = moving
        }
    }
}
