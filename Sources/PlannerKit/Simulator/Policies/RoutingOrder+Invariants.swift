extension RoutingOrder {
    /// Checks the order (strict, by ``Entry/precedes(_:_:)``), the position
    /// index, and every run's bounds that are not marked stale; traps on a
    /// mismatch. O(n).
    func _checkInvariants() {
        for i in entries.indices.dropFirst() {
            precondition(Entry.precedes(entries[i - 1], entries[i]), "entries \(i - 1) and \(i) out of order")
        }
        for (i, e) in entries.enumerated() { precondition(position[e.id] == i, "instance \(e.id) indexed at \(position[e.id]), found at \(i)") }
        precondition(position.filter { $0 >= 0 }.count == entries.count, "a removed instance is still indexed")
        precondition(bounds.count == (entries.count + Self.runLength - 1) / Self.runLength, "\(bounds.count) runs for \(entries.count) servers")
        for run in bounds.indices where !boundsAreStale[run] {
            var fresh = Bounds()
            for e in entries[(run * Self.runLength)..<min((run + 1) * Self.runLength, entries.count)] { fresh.cover(e) }
            precondition(fresh == bounds[run], "run \(run) bounds are out of date")
        }
    }
}
