extension MinHeap {
    /// Checks the heap order: no element is less than its parent. O(n).
    func _checkInvariants() {
        let storage = unordered
        for i in storage.indices.dropFirst() {
            precondition(!(storage[i] < storage[(i - 1) / 2]), "min-heap: element \(i) precedes its parent")
        }
    }
}
