extension SchedulePlan {
    /// `summary.csv`: each tier over the whole period, following the load:
    /// its GPUs are the hour-weighted mean of its share of every window's
    /// PolyServe fleet, its dollars those GPUs on demand for a month, its
    /// attainment the worst window's worst replication (each window on its own
    /// fleet). Its own columns: the tier's GPUs in its busiest window, the
    /// bound's mean, and the continuous run's attainment.
    public func summary() -> PlanSummary {
        let n = CSVText.number
        let price = profile.pricePerGpuHour
        let r = latencyRange
        /// Hour-weighted mean over the windows; `nil` if any window's value is.
        func mean(_ value: (Int, WindowPlan) -> Double?) -> Double? {
            var sum = 0.0
            for (i, w) in windows.enumerated() {
                guard let v = value(i, w) else { return nil }
                sum += v * w.hours
            }
            return periodHours > 0 ? sum / periodHours : nil
        }
        func edge(_ gpus: [Int?]?, tier t: Int) -> Double? {
            guard let gpus else { return nil }
            return mean { i, w in gpus[i].map { w.polyserveGpus > 0 ? w.polyserveTierGpus[t] * Double($0) / Double(w.polyserveGpus) : 0 } }
        }
        var rows = workload.tiers.enumerated().map { t, tier in
            let gpus = mean { _, w in w.polyserveTierGpus[t] } ?? 0
            let rate = mean { _, w in w.tierRateRps[t] } ?? 0
            let dollars = gpus * hoursPerMonth * price
            let outputTokensPerMonth = rate * tier.meanOutput * 3600 * hoursPerMonth
            let worst = windows.compactMap { $0.tierWorstAttainment[t] }.min()
            var row = PlanSummary.Row(tier: tier.name, tpotMs: tier.tpotMs, ttftMs: tier.ttftChoicesMs, rateRps: rate,
                                      attainmentTarget: tier.attainmentTarget, attainment: worst,
                                      meetsTarget: windows.allSatisfy { ($0.tierWorstAttainment[t] ?? 0) >= tier.attainmentTarget },
                                      plannedGpus: gpus, dollarsPerMonth: dollars,
                                      dollarsPerMillionOutputTokens: outputTokensPerMonth > 0 ? dollars / outputTokensPerMonth * 1e6 : nil)
            row.plannedGpusLow = edge(r?.lowGpus, tier: t)
            row.plannedGpusHigh = edge(r?.highGpus, tier: t)
            row.dollarsPerMonthLow = row.plannedGpusLow.map { $0 * hoursPerMonth * price }
            row.dollarsPerMonthHigh = row.plannedGpusHigh.map { $0 * hoursPerMonth * price }
            let c = continuous?.tiers[t]
            row.extras = ["peak_gpus": n(windows.map { $0.polyserveTierGpus[t] }.max(), 2),
                          "bound_gpus_mean": n(mean { _, w in w.boundTierGpus[t] }, 2),
                          "continuous_worst_attainment": n(c?.worstAttainment, 4),
                          "continuous_period_attainment": n(c?.periodAttainment, 4),
                          "continuous_meets_every_window": c.map { $0.meetsInEveryWindow ? "yes" : "no" } ?? ""]
            return row
        }
        let tokens = workload.tiers.indices.reduce(0.0) { sum, t in sum + rows[t].rateRps * workload.tiers[t].meanOutput } * 3600 * hoursPerMonth
        var total = PlanSummary.Row(tier: PlanSummary.totalRow, tpotMs: nil, ttftMs: [], rateRps: rows.reduce(0) { $0 + $1.rateRps },
                                    attainmentTarget: nil, attainment: nil, meetsTarget: rows.allSatisfy(\.meetsTarget),
                                    plannedGpus: followingLoad.gpuHoursPerPeriod / periodHours, dollarsPerMonth: followingLoad.dollarsPerMonth,
                                    dollarsPerMillionOutputTokens: tokens > 0 ? followingLoad.dollarsPerMonth / tokens * 1e6 : nil)
        total.dollarsPerMonthLow = r?.followingDollarsPerMonthLow
        total.dollarsPerMonthHigh = r?.followingDollarsPerMonthHigh
        total.plannedGpusLow = r?.lowGpus.allSatisfy { $0 != nil } == true ? rows.reduce(0) { $0 + ($1.plannedGpusLow ?? 0) } : nil
        total.plannedGpusHigh = r?.highGpus.allSatisfy { $0 != nil } == true ? rows.reduce(0) { $0 + ($1.plannedGpusHigh ?? 0) } : nil
        total.extras = ["peak_gpus": "\(peakPolyserveGpus)", "bound_gpus_mean": n(boundFollowingLoad.gpuHoursPerPeriod / periodHours, 2),
                        "continuous_meets_every_window": continuous.map { $0.tiers.allSatisfy(\.meetsInEveryWindow) ? "yes" : "no" } ?? ""]
        rows.append(total)
        for i in rows.indices {
            rows[i].latencyBand = r?.band
            rows[i].latencyBandValidated = r?.validated
        }
        return PlanSummary(extraColumns: ["peak_gpus", "bound_gpus_mean", "continuous_worst_attainment", "continuous_period_attainment",
                                          "continuous_meets_every_window"], rows: rows)
    }
}
