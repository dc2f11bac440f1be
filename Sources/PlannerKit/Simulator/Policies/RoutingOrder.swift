/// The servers of one bin in PolyServe's routing order, most loaded first and
/// the lower id on ties, cut into runs of ``runLength`` positions; each run
/// keeps bounds on its servers' projections, so that routing passes over a run
/// in which no server can admit a request without testing each server.
///
/// A server's load moves a little per iteration, so an update shifts it past
/// only the servers between its old and new place. Bounds are recomputed when
/// a search first reaches a run that changed.
///
/// Complexity: ``update(_:)`` O(log n + servers passed + 1), ``remove(_:)``
/// O(n) moves (scale-down, rarer than iterations), ``first(where:skippingRuns:)``
/// O(runs reached + servers tested).
struct RoutingOrder {
    /// A server's place in the order and the projection its run bounds cover.
    struct Entry {
        var id: Int
        /// The routing key: predicted steady-state iteration over the server's TPOT budget.
        var load: Double
        /// Steady-state token batch and projected KV (``Fleet/projection(_:adding:)``).
        var tokens: Double
        var kv: Double
        /// Tightest resident TPOT, seconds; `.infinity` for an empty server.
        var tpot: Double
        var residents: Int
        /// Prompt tokens still to prefill on the server.
        var prefillAhead: Int

        /// Whether `other` projects the same server exactly as this entry does
        /// (its load then follows, being a function of the projection and the server's type).
        func hasProjection(of other: Entry) -> Bool {
            id == other.id && tokens == other.tokens && kv == other.kv && tpot == other.tpot
                && residents == other.residents && prefillAhead == other.prefillAhead
        }

        /// Routing order: most loaded first, lower id on ties (a strict total order).
        static func precedes(_ a: Entry, _ b: Entry) -> Bool { a.load > b.load || (a.load == b.load && a.id < b.id) }
    }

    /// Bounds over one run's servers: the least projection, residents and
    /// prefill ahead (for lower bounds on what a newcomer would meet), the
    /// greatest projection (to know those bounds are taken where the profile is
    /// monotone), and the loosest and tightest TPOT.
    struct Bounds: Equatable {
        var minTokens = Double.infinity, minKV = Double.infinity
        var maxTokens = -Double.infinity, maxKV = -Double.infinity
        var minTPOT = Double.infinity, maxTPOT = -Double.infinity
        var minResidents = Int.max, minPrefillAhead = Int.max

        init() {}

        /// The bounds of one server: its own projection.
        init(_ e: Entry) {
            (minTokens, maxTokens, minKV, maxKV) = (e.tokens, e.tokens, e.kv, e.kv)
            (minTPOT, maxTPOT, minResidents, minPrefillAhead) = (e.tpot, e.tpot, e.residents, e.prefillAhead)
        }

        mutating func cover(_ e: Entry) {
            minTokens = min(minTokens, e.tokens); maxTokens = max(maxTokens, e.tokens)
            minKV = min(minKV, e.kv); maxKV = max(maxKV, e.kv)
            minTPOT = min(minTPOT, e.tpot); maxTPOT = max(maxTPOT, e.tpot)
            minResidents = min(minResidents, e.residents); minPrefillAhead = min(minPrefillAhead, e.prefillAhead)
        }
    }

    static let runLength = 8

    private(set) var entries: [Entry] = []
    /// Position of each instance id in `entries`, or -1.
    private(set) var position: [Int] = []
    private(set) var bounds: [Bounds] = []
    private(set) var boundsAreStale: [Bool] = []

    /// Servers marked for re-ranking since the last ``takeMarks(into:)``, each once.
    private var marks: [Int] = []
    private var isMarked: [Bool] = []

    var count: Int { entries.count }
    var hasMarks: Bool { !marks.isEmpty }

    /// Marks instance `id` for re-ranking (whether or not it is in the order yet). O(1).
    mutating func mark(_ id: Int) {
        if id >= isMarked.count { isMarked.append(contentsOf: repeatElement(false, count: id + 1 - isMarked.count)) }
        if !isMarked[id] { isMarked[id] = true; marks.append(id) }
    }

    /// Hands the marked ids, in marking order, over in `buffer` (its old
    /// contents dropped, its storage reused for the next marks) and clears the marks. O(marked).
    mutating func takeMarks(into buffer: inout [Int]) {
        swap(&marks, &buffer)
        marks.removeAll(keepingCapacity: true)
        for i in buffer.indices { isMarked[buffer[i]] = false }
    }

    func contains(_ id: Int) -> Bool { id < position.count && position[id] >= 0 }

    /// Instance `id`'s entry, or `nil` when it is not in the order.
    func entry(of id: Int) -> Entry? { contains(id) ? entries[position[id]] : nil }

    /// Inserts `entry`, or moves it to its new place if its id is present.
    mutating func update(_ entry: Entry) {
        if entry.id >= position.count { position.append(contentsOf: repeatElement(-1, count: entry.id + 1 - position.count)) }
        var at = position[entry.id]
        if at < 0 {
            at = entries.count
            entries.append(entry)
            if bounds.count * Self.runLength < entries.count {
                bounds.append(Bounds())
                boundsAreStale.append(true)
            }
        } else {
            entries[at] = entry
        }
        var low = at, high = at
        // Shift toward the front past servers it now precedes, or toward the back.
        while at > 0, Entry.precedes(entry, entries[at - 1]) {
            entries[at] = entries[at - 1]
            position[entries[at].id] = at
            at -= 1
            low = at
        }
        while at + 1 < entries.count, Entry.precedes(entries[at + 1], entry) {
            entries[at] = entries[at + 1]
            position[entries[at].id] = at
            at += 1
            high = at
        }
        entries[at] = entry
        position[entry.id] = at
        for run in (low / Self.runLength)...(high / Self.runLength) { boundsAreStale[run] = true }
    }

    /// Takes instance `id` out of the order (it left the bin).
    mutating func remove(_ id: Int) {
        guard contains(id) else { return }
        let at = position[id]
        entries.remove(at: at)
        position[id] = -1
        for i in at..<entries.count { position[entries[i].id] = i }
        for run in (at / Self.runLength)..<boundsAreStale.count { boundsAreStale[run] = true }
        if (bounds.count - 1) * Self.runLength >= entries.count, !bounds.isEmpty {
            bounds.removeLast()
            boundsAreStale.removeLast()
        }
    }

    /// The first server in routing order that `admits` (given its entry, whose
    /// own ``Bounds`` make a cheap first test), testing none in a run for which
    /// `cannotAdmit` holds of the run's bounds.
    mutating func first(where admits: (Entry) -> Bool, skippingRuns cannotAdmit: (Bounds) -> Bool) -> Int? {
        var start = 0
        for run in bounds.indices {
            let end = min(start + Self.runLength, entries.count)
            if boundsAreStale[run] {
                var b = Bounds()
                for e in entries[start..<end] { b.cover(e) }
                bounds[run] = b
                boundsAreStale[run] = false
            }
            if !cannotAdmit(bounds[run]) {
                for i in start..<end where admits(entries[i]) { return entries[i].id }
            }
            start = end
        }
        return nil
    }
}
