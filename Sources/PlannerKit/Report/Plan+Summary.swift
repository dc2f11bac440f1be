extension Plan {
    /// The kind's own columns of `summary.csv`, after the common ones.
    static var summaryExtraColumns: [String] {
        ["attainment_mean", "attainment_low95", "attainment_high95", "bound_gpus", "bound_clairvoyant_gpus",
         "polyserve_gpus_peak", "polyserve_gpus_p95", "polyserve_gpus_mean"]
        + PolicyID.baselines.map { "\($0.rawValue)_gpus" }
        + ["dollars_per_hour", "gpu_hours_per_day", "gpu_hours_per_month", "premium_over_loosest"]
    }

    /// `summary.csv`: PolyServe's smallest fleet split over the tiers by the GPU
    /// time each consumed; attainment is the worst replication there.
    public func summary() -> PlanSummary {
        let n = CSVText.number
        let baselines = PolicyID.baselines.map(\.rawValue)
        let gpuShares = latencyRange?.shares(ofPlanned: commonFleet) ?? (nil, nil)
        var rows = tiers.map { t in
            var row = PlanSummary.Row(tier: t.tier, tpotMs: t.tpotMs, ttftMs: t.ttftMs, rateRps: t.rateRps, attainmentTarget: t.attainmentTarget,
                                      attainment: t.attainment, meetsTarget: t.meetsTarget, plannedGpus: t.plannedGpus,
                                      dollarsPerMonth: t.dollarsPerMonth, dollarsPerMillionOutputTokens: t.dollarsPerMillionOutputTokens)
            row.extras = ["attainment_mean": n(t.attainmentMean, 4), "attainment_low95": n(t.attainmentInterval95?.lowerBound, 4),
                          "attainment_high95": n(t.attainmentInterval95?.upperBound, 4), "bound_gpus": n(t.boundGpus, 2),
                          "bound_clairvoyant_gpus": n(t.boundClairvoyantGpus, 2), "polyserve_gpus_peak": n(t.polyserveGpusPeak, 2),
                          "polyserve_gpus_p95": n(t.polyserveGpusP95, 2), "polyserve_gpus_mean": n(t.polyserveGpusMean, 2),
                          "dollars_per_hour": n(t.dollarsPerHour, 2), "gpu_hours_per_day": n(t.gpuHoursPerDay, 1),
                          "gpu_hours_per_month": n(t.gpuHoursPerMonth, 1), "premium_over_loosest": n(t.premiumOverLoosest, 3)]
            for b in baselines { row.extras["\(b)_gpus"] = n(t.baselineGpus[b] ?? nil, 2) }
            return row
        }
        let t = total
        var row = PlanSummary.Row(tier: PlanSummary.totalRow, tpotMs: nil, ttftMs: [], rateRps: t.rateRps, attainmentTarget: nil, attainment: nil,
                                  meetsTarget: tiers.allSatisfy(\.meetsTarget), plannedGpus: t.plannedGpus, dollarsPerMonth: t.dollarsPerMonth,
                                  dollarsPerMillionOutputTokens: t.dollarsPerMillionOutputTokens)
        row.extras = ["bound_gpus": "\(t.boundGpus)", "bound_clairvoyant_gpus": "\(t.boundClairvoyantGpus)",
                      "polyserve_gpus_peak": n(t.polyserveGpusPeak, 2), "polyserve_gpus_p95": n(t.polyserveGpusP95, 2),
                      "polyserve_gpus_mean": n(t.polyserveGpusMean, 2), "dollars_per_hour": n(t.dollarsPerHour, 2),
                      "gpu_hours_per_day": n(t.gpuHoursPerDay, 1), "gpu_hours_per_month": n(t.gpuHoursPerMonth, 1)]
        for b in baselines { row.extras["\(b)_gpus"] = n(t.baselineGpus[b] ?? nil, 2) }
        rows.append(row)
        for i in rows.indices {
            rows[i].setRange(gpuShares: gpuShares, dollarShares: gpuShares, band: latencyRange?.band, validated: latencyRange?.validated)
        }
        return PlanSummary(extraColumns: Self.summaryExtraColumns, rows: rows)
    }
}
