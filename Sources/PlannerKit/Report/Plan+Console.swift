extension Plan {
    /// What `planner plan` prints for this plan: the headline, the range, the bound and the per-tier table.
    public func consoleSummary() -> String {
        var out: [String] = []
        let polyserve = policies.first { $0.policy == .polyserve }
        let split = prefillInstances.map { " (\($0) prefill + \(commonFleet - $0) decode)" } ?? ""
        out.append("\(workload.name): plan \(fmt(total.plannedGpus, 0)) GPUs = \(commonFleet) instances\(split) of \(profile.gpusPerInstance) × \(profile.gpu)\(profile.precision.map { " (\(profile.model), \($0))" } ?? ""), $\(fmt(total.dollarsPerMonth, 0))/month; every tier meets its target in \(allReplications(header.settings.replications)); binding tier: \(bindingTier ?? "-")")
        if let r = latencyRange {
            let gpus = "\(r.lowGpus.map(String.init) ?? "?")–\(r.highGpus.map(String.init) ?? "more than \(r.searchCeiling * profile.gpusPerInstance)")"
            let dollars = "$\(r.dollarsPerMonthLow.map { fmt($0, 0) } ?? "?")–\(r.dollarsPerMonthHigh.map { fmt($0, 0) } ?? "?")/month"
            out.append("range: \(gpus) GPUs, \(dollars), with every latency \(fmt(r.band * 100, 0)) % lower or higher" +
                  (r.validated ? " (the profile's validated band)" : "; warning: the profile carries no validated band, so this is the default for an unvalidated latency model"))
        }
        if let line = header.deployment?.consoleLine { out.append(line) }
        out.append("bound: \(bounds.sizing.totalGpus) GPUs work-conserving, \(bounds.sizingClairvoyant.totalGpus) with clairvoyant admission control")
        out.append("PolyServe goodput on \(commonFleet) instances: \(fmt(polyserve?.goodputRps ?? 0)) req/s, \(percent(polyserve?.ratioToBound, 1)) % of the bound (overall: \(percent(polyserve?.overallRatioToBound, 1)) %)")
        var table = TextTable(header: ["tier", "target %", "worst %", "mean %", "planned GPUs", "$/month", "$/M output tokens"])
        for t in tiers {
            table.rows.append([t.tier, fmt(t.attainmentTarget * 100, 1), percent(t.attainment), percent(t.attainmentMean), fmt(t.plannedGpus, 2),
                               fmt(t.dollarsPerMonth, 0), t.dollarsPerMillionOutputTokens.map { fmt($0, 3) } ?? "-"])
        }
        out.append(table.render())
        return out.joined(separator: "\n")
    }
}
