extension SimulationResult {
    /// What `planner simulate` prints: the run, each tier's attainment and
    /// latency, the servers per bin, each server type, the routing counters.
    public func consoleSummary() -> String {
        let r = self
        let prefill = r.prefillInstances.map { " decode + \($0) prefill" } ?? ""
        var lines = ["\(r.policy) on \(r.instances.map(String.init) ?? "auto")\(prefill) instances, rate scale \(fmt(r.rateScale, 3)), seed \(r.seed): attainment \(percent(r.attainment)) % of \(r.measured) measured requests"]
        let throughput = r.simulatedSeconds > 0 ? "; \(fmt(Double(r.completed) / r.simulatedSeconds, 2)) req/s completed" : ""
        lines.append("arrived \(r.arrived), completed \(r.completed), unfinished \(r.unfinished), preemptions \(r.preemptions); \(fmt(r.simulatedSeconds, 1)) simulated s in \(fmt(r.wallSeconds, 2)) wall s, \(r.events) events\(throughput)")
        var tiers = TextTable(header: ["tier", "attainment %", "TTFT p50/p90/p99 ms", "TPOT p50/p90/p99 ms"])
        for t in r.tiers {
            tiers.rows.append([t.name, percent(t.attainment), show(t.ttftMs), show(t.tpotMs)])
        }
        lines.append(tiers.render())
        if r.bins.contains(where: { $0.peak > 0 }) {
            var bins = TextTable(header: ["bin TPOT ms", "servers peak", "p95", "mean"])
            for b in r.bins { bins.rows.append([fmt(b.tpotMs, 0), "\(b.peak)", "\(b.p95)", fmt(b.mean, 2)]) }
            lines.append(bins.render())
        }
        if let types = r.serverTypes {
            var table = TextTable(header: ["server type", "instances", "busy instance-s", "driven by"] + r.bins.map { "mean in \(fmt($0.tpotMs, 0)) ms bin" })
            for t in types {
                table.rows.append([t.serverType, "\(t.instances)", fmt(t.busyInstanceSeconds.reduce(0, +), 1), t.dominantTier.map { r.tiers[$0].name } ?? "-"]
                                  + t.bins.map { fmt($0.mean, 2) })
            }
            lines.append(table.render())
        }
        if let c = r.prefixCache {
            let perTier = r.tiers.compactMap { t in t.prefixHitRate.map { "\(t.name) \(percent($0)) %" } }.joined(separator: ", ")
            lines.append("prefix cache: \(percent(c.hitRate)) % of prompt tokens served (\(perTier)); instances \(percent(c.instanceHitRateMin))–\(percent(c.instanceHitRateMax)) %, median \(percent(c.instanceHitRateMedian)) %; \(c.evictedTokens) tokens evicted")
        }
        if let c = r.routing {
            lines.append("routing: own bin \(c.ownBin), promoted \(c.promoted), joined a provisioning server \(c.awaitedProvisioning), scaled up \(c.scaledUp), borrowed \(c.borrowed), waited \(c.waited); scaled down \(c.scaledDown)")
            lines.append("admission refusals of tested servers: KV cache \(c.refusedKVCache), running cap \(c.refusedRunningCap), TPOT \(c.refusedTPOT), chunk \(c.refusedChunk), TTFT \(c.refusedTTFT); passed over by bounds \(c.passedOver)")
        }
        return lines.joined(separator: "\n")
    }
}
