import Profiling

/// The prefill instances of a disaggregated fleet and the KV transfers in
/// flight. Shared by every tier (the paper's disaggregated PolyServe keeps
/// one prefill pool and bins only the decode servers): a prompt goes to the
/// prefill instance with the fewest prompt tokens still to prefill (the
/// shortest expected wait, so the TTFT decides), runs in chunks of the prefill
/// token budget first come first served, and leaves with its first token.
struct PrefillPool {
    var servers: [Instance]
    let disaggregation: Disaggregation
    /// Requests whose KV is on its way to a decode instance: a slab indexed by
    /// the transfer's event, with its free slots.
    var transfers: [Slot?] = []
    var freeTransfers: [Int] = []

    init(servers: Int, tiers: TierTable, disaggregation: Disaggregation) {
        self.servers = (0..<servers).map { i in
            var server = Instance(id: i, tiers: tiers)
            server.prefillOnly = true
            return server
        }
        self.disaggregation = disaggregation
    }

    /// The prefill instance with the least prefill ahead (lowest index on ties). O(servers).
    var leastLoaded: Int {
        servers.indices.min { (servers[$0].prefillAhead, $0) < (servers[$1].prefillAhead, $1) }!
    }

    /// Stores a transfer and returns its index.
    mutating func startTransfer(_ slot: Slot) -> Int {
        if let free = freeTransfers.popLast() { transfers[free] = slot; return free }
        transfers.append(slot)
        return transfers.count - 1
    }

    mutating func finishTransfer(_ index: Int) -> Slot {
        let slot = transfers[index]!
        transfers[index] = nil
        freeTransfers.append(index)
        return slot
    }

    /// Every request still in the pool or in flight (for the end of a run).
    var residents: [Slot] { servers.flatMap { $0.allResidents() } + transfers.compactMap { $0 } }
}

extension Fleet {
    /// Routes a new request to a prefill instance and starts it if idle.
    mutating func placePrefill(_ slot: Slot) {
        let p = prefill!.leastLoaded
        prefill!.servers[p].enqueue(slot)
        admitPrefillWaiting(p)
        if !prefill!.servers[p].busy { startPrefillIteration(p) }
    }

    mutating func admitPrefillWaiting(_ p: Int) {
        let count = prefill!.servers[p].admissibleCount(capacity: profiles[0].metadata.kvCapacityTokens,
                                                                  runningCap: profiles[0].metadata.maxRunningRequests ?? Int.max)
        if count > 0 { prefill!.servers[p].admit(count) }
    }

    /// Plans prefill instance `p`'s next iteration within the prefill token budget and schedules its end.
    mutating func startPrefillIteration(_ p: Int) {
        let batch = prefill!.servers[p].plan(budget: prefill!.disaggregation.prefillTokenBudget)
        guard batch > 0 else { prefill!.servers[p].busy = false; return }
        let sequences = Double(prefill!.servers[p].plannedSequences)
        let ms = profile(0) { $0.iterationMs(tokenBatch: Double(batch), kvTokens: Double(prefill!.servers[p].kvUsed), sequences: sequences, prefillPairs: prefill!.servers[p].prefillPairs) }
        attribute(ms: ms, batch: batch, byTier: prefill!.servers[p].batchByTier, type: 0)
        prefill!.servers[p].busy = true
        prefill!.servers[p].lastIterationMs = ms
        prefill!.servers[p].iterationEnd = now + ms / 1000
        scheduled.append((now + ms / 1000, .prefillDone(p)))
    }

    /// Applies prefill instance `p`'s iteration: requests of one token finish
    /// (into `completed`), the others' KV starts its transfer; the next iteration starts.
    mutating func completePrefill(_ p: Int, completed: inout [Slot]) {
        _ = prefill!.servers[p].finish(now: now, completed: &completed)
        var handed: [Slot] = []
        prefill!.servers[p].takeHandedOff(into: &handed)
        for slot in handed {
            let seconds = prefill!.disaggregation.transferSeconds(tokens: slot.kvTokens)
            let index = prefill!.startTransfer(slot)
            scheduled.append((now + seconds, .kvArrived(index)))
        }
        admitPrefillWaiting(p)
        startPrefillIteration(p)
    }
}
