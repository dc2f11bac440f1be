extension MixedPlan {
    /// What `planner plan` prints for this plan: the headline, the range, the bound and the per-tier table.
    public func consoleSummary() -> String {
        var out: [String] = []
        let fleet = plan.mix.enumerated().filter { $0.element > 0 }.map { "\($0.element) × \(types[$0.offset].name)" }.joined(separator: " + ")
        out.append("\(workload.name): plan \(fleet) = \(plan.gpus) GPUs, $\(fmt(plan.dollarsPerMonth, 0))/month (\(chosen == "mixed" ? "mixed" : "one type is cheapest")); every tier meets its target in \(allReplications(header.settings.replications)): \(plan.meetsEveryTier ? "yes" : "NO")")
        if let line = header.deployment?.consoleLine { out.append(line) }
        if let r = latencyRange {
            let mixText = { (m: [Int]?) in m.map { m in m.enumerated().filter { $0.element > 0 }.map { "\($0.element) × \(types[$0.offset].name)" }.joined(separator: " + ") } }
            out.append("range: \(r.lowGpus.map(String.init) ?? "?")–\(r.highGpus.map(String.init) ?? "more than \(r.searchCeiling) instances") GPUs, $\(r.dollarsPerMonthLow.map { fmt($0, 0) } ?? "?")–\(r.dollarsPerMonthHigh.map { fmt($0, 0) } ?? "?")/month (\(mixText(r.lowMix) ?? "none") to \(mixText(r.highMix) ?? "none")), with every latency \(fmt(r.band * 100, 0)) % lower or higher"
                  + (r.validated ? " (the types' widest validated band)" : "; warning: a type's profile carries no validated band, so this is the default for an unvalidated latency model"))
        }
        out.append("bound: cost-optimal mix \(boundMix.map(String.init).joined(separator: " / ")) (\(types.map(\.name).joined(separator: " / "))), $\(fmt(bound.dollarsPerHour * hoursPerMonth, 0))/month")
        var typeTable = TextTable(header: ["type", "planned", "GPUs", "$/month", "driven by", "alone: instances", "alone: $/month", "plan saves"])
        for (g, t) in typePlans.enumerated() {
            let alone = singleTypes[g]
            typeTable.rows.append([t.type, "\(t.instances)", "\(t.gpus)", fmt(t.dollarsPerMonth, 0), t.drivenBy ?? "-", alone.fleet.map { "\($0.mix[g])" } ?? "-",
                               alone.fleet.map { fmt($0.dollarsPerMonth, 0) } ?? "none", savingAgainstType[g].map { fmt($0 * 100, 1) + " %" } ?? "-"])
        }
        out.append(typeTable.render())
        var tierTable = TextTable(header: ["tier", "target %", "worst %", "GPUs"] + types.map { "on \($0.name)" } + ["$/month"])
        for t in tiers {
            tierTable.rows.append([t.tier, fmt(t.attainmentTarget * 100, 1), percent(t.attainment), fmt(t.gpus, 2)] + t.gpusByType.map { fmt($0, 2) } + [fmt(t.dollarsPerMonth, 0)])
        }
        out.append(tierTable.render())
        for p in policies {
            out.append("\(p.policy.rawValue) on the plan: goodput \(fmt(p.goodputRps)) req/s, \(percent(p.ratioToBound, 1)) % of the bound (\(fmt(goodputBound.goodputRps ?? 0)) req/s); every tier at the forecast rate: \(p.meetsEveryTier ? "yes" : "no")")
        }
        return out.joined(separator: "\n")
    }
}
