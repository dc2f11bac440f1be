/// PolyServe (Zhu et al., 2025): TPOT bins, most-loaded admissible routing,
/// lazy promotion to tighter bins, autoscaling from an idle pool.
struct PolyServePolicy: SchedulingPolicy {
    var autoscales: Bool { true }
    var queuesInRouter: Bool { true }

    func tokenBudget(_ instance: Instance, fleet: Fleet) -> Double { dynamicBudget(instance, fleet: fleet) }

    /// 1. own bin, most loaded admissible first; 2. tighter bins, nearest first;
    /// 3. a server from the idle pool; 4. wait.
    mutating func route(_ slot: Slot, fleet: inout Fleet) -> Int? {
        let own = fleet.bin(of: slot.request)
        for bin in stride(from: own, through: 0, by: -1) {
            let ranked = fleet.members[bin].map { ($0, Self.load($0, fleet: fleet)) }.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            for (id, _) in ranked where Self.admits(slot, on: id, fleet: fleet) { return id }
        }
        return fleet.scaleUp(into: own)
    }

    /// Predicted steady-state iteration time over the server's TPOT budget.
    static func load(_ id: Int, fleet: Fleet) -> Double {
        let p = fleet.projection(id)
        guard let budget = fleet.instances[id].tightestTPOT else { return 0 }
        return fleet.profile.iterationMs(tokenBatch: p.tokens, kvTokens: p.kv) / (budget * 1000)
    }

    /// The admission test: (c) steady state and KV at projected lengths,
    /// continuous chunked-prefill (a chunk sustainable at projected KV), (a) TTFT
    /// and (b) second token. A request that could not meet its TTFT even on an
    /// idle server is late: only (c) applies, so it is served rather than stuck.
    static func admits(_ slot: Slot, on id: Int, fleet: Fleet) -> Bool {
        let r = slot.request
        let instance = fleet.instances[id]
        let budget = min(instance.tightestTPOT ?? r.tpotSLO, r.tpotSLO)
        let p = fleet.projection(id, adding: slot)
        guard p.kv <= fleet.kvCapacity else { return false }
        let budgetMs = budget * 1000
        guard fleet.profile.iterationMs(tokenBatch: p.tokens, kvTokens: p.kv) <= budgetMs else { return false }
        let chunk = fleet.profile.largestTokenBatch(withinMs: budgetMs, kvTokens: p.kv) - Double(p.residents)
        guard chunk >= 1 else { return false }
        if isLate(slot, fleet: fleet) { return true }
        let waitForIteration = instance.busy ? max(0, instance.iterationEnd - fleet.now) : 0
        let iterations = ((p.prefillAhead + Double(slot.prefillTarget)) / chunk).rounded(.up)
        let ttft = (fleet.now - r.arrival) + waitForIteration + iterations * budget
        return ttft <= r.ttftSLO && ttft + budget <= r.ttftSLO + r.tpotSLO
    }

    static func isLate(_ slot: Slot, fleet: Fleet) -> Bool {
        let r = slot.request
        let idleChunk = fleet.profile.largestTokenBatch(withinMs: r.tpotSLO * 1000, kvTokens: 0)
        let best = (fleet.now - r.arrival) + (Double(slot.prefillTarget) / max(idleChunk, 1)).rounded(.up) * r.tpotSLO
        return best > r.ttftSLO
    }
}
