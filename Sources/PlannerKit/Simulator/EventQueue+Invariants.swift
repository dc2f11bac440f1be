extension EventQueue {
    /// Checks the heap order: no element is less than its parent. O(n).
    func _checkInvariants() {
        for i in storage.indices.dropFirst() {
            precondition(!(storage[i] < storage[(i - 1) / 2]), "event queue: element \(i) precedes its parent")
        }
    }
}
