extension MixedPlan {
    /// `summary.csv`: the planned mix's GPUs split over the tiers by the busy
    /// time each used on every type; attainment is the worst replication there.
    /// Its own columns: the mean attainment and each type's GPUs and dollars.
    public func summary() -> PlanSummary {
        let n = CSVText.number
        let names = types.map(\.name)
        let r = latencyRange
        let gpuShare = { (edge: Int?) in edge.map { Double($0) / Double(max(plan.gpus, 1)) } }
        let gpuShares = (low: gpuShare(r?.lowGpus), high: gpuShare(r?.highGpus))
        let dollarShares = r?.shares(ofDollars: plan.dollarsPerMonth) ?? (nil, nil)
        var rows = zip(tiers, workload.tiers).map { t, w in
            var row = PlanSummary.Row(tier: t.tier, tpotMs: t.tpotMs, ttftMs: w.ttftChoicesMs, rateRps: t.rateRps, attainmentTarget: t.attainmentTarget,
                                      attainment: t.attainment, meetsTarget: t.meetsTarget, plannedGpus: t.gpus, dollarsPerMonth: t.dollarsPerMonth,
                                      dollarsPerMillionOutputTokens: t.dollarsPerMillionOutputTokens)
            row.extras["attainment_mean"] = n(t.attainmentMean, 4)
            for (g, name) in names.enumerated() {
                row.extras["gpus_\(name)"] = n(t.gpusByType[g], 2)
                row.extras["dollars_per_month_\(name)"] = n(t.dollarsPerMonthByType[g], 2)
            }
            return row
        }
        let outputTokensPerMonth = workload.tiers.reduce(0) { $0 + $1.rateRps * $1.meanOutput } * 3600 * hoursPerMonth
        var total = PlanSummary.Row(tier: PlanSummary.totalRow, tpotMs: nil, ttftMs: [], rateRps: workload.totalRateRps, attainmentTarget: nil,
                                    attainment: nil, meetsTarget: plan.meetsEveryTier, plannedGpus: Double(plan.gpus),
                                    dollarsPerMonth: plan.dollarsPerMonth,
                                    dollarsPerMillionOutputTokens: outputTokensPerMonth > 0 ? plan.dollarsPerMonth / outputTokensPerMonth * 1e6 : nil)
        for (g, name) in names.enumerated() {
            total.extras["gpus_\(name)"] = "\(typePlans[g].gpus)"
            total.extras["dollars_per_month_\(name)"] = n(typePlans[g].dollarsPerMonth, 2)
        }
        rows.append(total)
        for i in rows.indices { rows[i].setRange(gpuShares: gpuShares, dollarShares: dollarShares, band: r?.band, validated: r?.validated) }
        return PlanSummary(extraColumns: ["attainment_mean"] + names.map { "gpus_\($0)" } + names.map { "dollars_per_month_\($0)" }, rows: rows)
    }
}
