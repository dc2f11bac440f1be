extension Plan {
    /// `summary.csv`: a row per tier and a `total` row (the total is not a tier: its tier-only columns are empty).
    func summaryCSV() throws -> String {
        let baselines = PolicyID.baselines.map(\.rawValue)
        var rows = [["tier", "tpot_ms", "ttft_ms", "rate_rps", "attainment_target", "attainment", "attainment_mean", "attainment_low95",
                     "attainment_high95", "meets_target", "bound_gpus", "bound_clairvoyant_gpus", "polyserve_gpus_peak",
                     "polyserve_gpus_p95", "polyserve_gpus_mean"] + baselines.map { "\($0)_gpus" } +
                    ["planned_gpus", "dollars_per_hour", "dollars_per_month", "gpu_hours_per_day", "gpu_hours_per_month",
                     "dollars_per_million_output_tokens", "premium_over_loosest",
                     "planned_gpus_low", "planned_gpus_high", "dollars_per_month_low", "dollars_per_month_high", "latency_band", "latency_band_validated"]]
        let n = CSVText.number
        // The range: each tier's planned GPUs and dollars times the edge fleet's share of the plan's.
        let (low, high) = latencyRange?.shares(ofPlanned: commonFleet) ?? (nil, nil)
        func range(_ gpus: Double, _ dollars: Double) -> [String] {
            [n(low.map { gpus * $0 }, 2), n(high.map { gpus * $0 }, 2), n(low.map { dollars * $0 }, 2), n(high.map { dollars * $0 }, 2),
             n(latencyRange?.band, 3), latencyRange.map { $0.validated ? "yes" : "no" } ?? ""]
        }
        for t in tiers {
            var row = [t.tier, n(t.tpotMs, 0), t.ttftMs.map(fmtShort).joined(separator: "/"), n(t.rateRps, 3), n(t.attainmentTarget, 4)]
            row += [n(t.attainment, 4), n(t.attainmentMean, 4), n(t.attainmentInterval95?.lowerBound, 4),
                    n(t.attainmentInterval95?.upperBound, 4), t.meetsTarget ? "yes" : "no"]
            row += [n(t.boundGpus, 2), n(t.boundClairvoyantGpus, 2), n(t.polyserveGpusPeak, 2), n(t.polyserveGpusP95, 2), n(t.polyserveGpusMean, 2)]
            row += baselines.map { n(t.baselineGpus[$0] ?? nil, 2) }
            row += [n(t.plannedGpus, 2), n(t.dollarsPerHour, 2), n(t.dollarsPerMonth, 2), n(t.gpuHoursPerDay, 1), n(t.gpuHoursPerMonth, 1),
                    n(t.dollarsPerMillionOutputTokens, 4), n(t.premiumOverLoosest, 3)]
            row += range(t.plannedGpus, t.dollarsPerMonth)
            rows.append(row)
        }
        let t = total
        var row = ["total", "", "", n(t.rateRps, 3), "", "", "", "", "", tiers.allSatisfy(\.meetsTarget) ? "yes" : "no"]
        row += ["\(t.boundGpus)", "\(t.boundClairvoyantGpus)", n(t.polyserveGpusPeak, 2), n(t.polyserveGpusP95, 2), n(t.polyserveGpusMean, 2)]
        row += baselines.map { n(t.baselineGpus[$0] ?? nil, 2) }
        row += [n(t.plannedGpus, 2), n(t.dollarsPerHour, 2), n(t.dollarsPerMonth, 2), n(t.gpuHoursPerDay, 1), n(t.gpuHoursPerMonth, 1),
                n(t.dollarsPerMillionOutputTokens, 4), ""]
        row += range(t.plannedGpus, t.dollarsPerMonth)
        rows.append(row)
        return try CSVText.render(rows)
    }

    /// `policies.csv`: a row per policy.
    func policiesCSV() throws -> String {
        let names = workload.tiers.map(\.name)
        var rows = [["policy", "fleet_instances", "fleet_gpus", "binding_tier", "common_fleet_instances", "goodput_rps",
                     "bound_goodput_rps", "ratio_to_bound", "clairvoyant_bound_goodput_rps", "ratio_to_clairvoyant_bound",
                     "overall_goodput_rps", "overall_bound_goodput_rps", "overall_ratio_to_bound"] + names.map { "attainment_\($0)" }]
        let n = CSVText.number
        for p in policies {
            var row = [p.policy.rawValue, p.fleetInstances.map(String.init) ?? "", p.fleetGpus.map(String.init) ?? "", p.bindingTier ?? "",
                       "\(commonFleet)", n(p.goodputRps, 2), n(bounds.goodput.goodputRps, 2), n(p.ratioToBound, 4)]
            row += [n(bounds.goodputClairvoyant.goodputRps, 2), n(p.ratioToClairvoyantBound, 4), n(p.overallGoodputRps, 2),
                    n(bounds.goodputOverall.goodputRps, 2), n(p.overallRatioToBound, 4)]
            row += p.tiers.map { n($0.worst, 4) }
            rows.append(row)
        }
        return try CSVText.render(rows)
    }
}
