import Profiling

extension WorkloadSummary {
    /// The workload's source, arrivals and run, then a row per tier with its lengths and token load.
    public func consoleSummary() -> String {
        var lines = ["\(name): \(description)",
                     "source \(source) (sha256 \(sha256.prefix(16))…), seed \(seed), attainment target \(fmt(attainmentTarget * 100, 1)) %",
                     "arrivals: \(arrivals); total \(fmt(totalRateRps)) req/s; run \(runLength), warm-up \(fmt(warmupSeconds, 0)) s"]
        if let mixChange { lines.append("mix change: \(mixChange)") }
        if !profiles.isEmpty { lines.append("profiles: \(profiles.joined(separator: ", "))") }
        var table = TextTable(header: ["tier", "TPOT ms", "TTFT ms", "share", "req/s", "prompt p50/p90/p99", "output p50/p90/p99", "tokens/s"])
        for t in tiers {
            table.rows.append([t.name, fmt(t.tpotMs, 0), t.ttftChoicesMs.map { fmt($0, 0) }.joined(separator: "/"), fmt(t.share, 3), fmt(t.rateRps),
                               show(t.promptPercentiles), show(t.outputPercentiles), fmt(t.tokensPerSecond, 0)])
        }
        lines.append(table.render())
        for t in tiers { if let reuse = t.reuse { lines.append("\(t.name): \(reuse)") } }
        lines.append("expected token load: \(fmt(expectedTokensPerSecond, 0)) tokens/s")
        return lines.joined(separator: "\n")
    }
}
