extension BoundSolution {
    /// What `planner optimal` prints of one bound: the headline, the solver's
    /// figures, the fleet per bin and each tier's load by bin.
    public func consoleSummary() -> String {
        let s = self
        var lines: [String] = []
        let head = s.goodputRps.map { "goodput \(fmt($0)) req/s on \(s.totalInstances) instances (scale \(fmt(s.scale ?? 0, 3)))" }
            ?? "\(s.totalGpus) GPUs (\(s.totalInstances) instances), $\(fmt(s.dollarsPerHour))/hour"
        let kind = s.admission == .workConserving ? "work-conserving" : "clairvoyant admission control"
        let rule = s.attainment == .perTier ? "every tier at its target" : "overall target \(fmt(s.attainmentTarget * 100, 1)) %"
        lines.append("bound (\(s.problem), \(kind), \(rule)): \(head); status \(s.status.rawValue)")
        lines.append("LP relaxation \(s.lpRelaxation.map { fmt($0, 3) } ?? "-"), gap \(s.gap.map { fmt($0 * 100, 2) + " %" } ?? "-"), \(s.variables) variables, \(s.constraints) constraints, solved in \(fmt(s.solveSeconds * 1000, 1)) ms")
        var bins = TextTable(header: ["bin TPOT ms", "instances", "GPUs", "utilisation %"])
        for l in s.bins {
            bins.rows.append([fmt(l.tpotMs, 0), l.instances.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "),
                                "\(l.gpus.values.reduce(0, +))", fmt(l.utilisation * 100, 1)])
        }
        lines.append(bins.render())
        if let prefill = s.prefillInstances { lines.append("prefill instances (disaggregated; the bins hold the decode instances): \(prefill)") }
        var tiers = TextTable(header: ["tier", "TPOT ms", "target %", "rate req/s", "attained req/s", "processed req/s", "own-bin GPUs", "load by bin"])
        for t in s.tiers {
            let share = t.loadShare.filter { $0.share > 0.0005 }
                .map { "\(fmtShort($0.tpotMs)) ms \(fmt($0.share * 100, 0)) %" }.joined(separator: ", ")
            tiers.rows.append([t.name, fmt(t.tpotMs, 0), fmt(t.attainmentTarget * 100, 1), fmt(t.rateRps), fmt(t.servedRps), fmt(t.processedRps), "\(t.gpus)", share])
        }
        lines.append(tiers.render())
        return lines.joined(separator: "\n")
    }
}
