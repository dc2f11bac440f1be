extension PolicySuite.Leaderboard {
    /// The leaderboard as a table, then the multi-tier geometric means and where PolyServe is behind.
    public func consoleSummary() -> String {
        let policies = rows.first?.entries.map(\.policy) ?? []
        var table = TextTable(header: ["workload", "tiers", "GPU", "inst", "bound"] + policies.map(\.rawValue) + ["PS ÷ best", "PS % bound"])
        for r in rows {
            table.rows.append([r.workload, "\(r.tiers)", r.gpu, "\(r.instances)", fmt(r.boundGoodputRps, 1)]
                              + policies.map { p in r.entry(p).map { fmt($0.goodputRps, 1) } ?? "-" }
                              + [r.polyserveOverBestBaseline.map { fmt($0, 3) } ?? "-", percent(r.entry(.polyserve)?.ratioToBound, 1)])
        }
        let m = multiTier
        var lines = ["goodput in req/s with every tier at its target, on the fleet the bound sizes; \(replications) replication(s)"
                     + (polyserve.borrowLooserServers ? "; PolyServe borrows looser servers" : "") + "; steady batch \(polyserve.steadyBatch.rawValue)"
                     + (polyserve.deadlineAwareChunks ? "; deadline-aware chunks" : ""), table.render()]
        lines.append("multi-tier workloads (\(m.workloads)), geometric means: PolyServe ÷ best baseline \(m.polyserveOverBestBaseline.map { fmt($0, 3) } ?? "-") (overall goodput: \(m.overallPolyserveOverBestBaseline.map { fmt($0, 3) } ?? "-")); share of the bound: "
                     + policies.map { "\($0) \(percent(m.ratioToBound[$0.rawValue], 1)) %" }.joined(separator: ", "))
        if !m.polyserveBehind.isEmpty { lines.append("PolyServe is behind the best baseline on: \(m.polyserveBehind.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
