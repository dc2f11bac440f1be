extension Plan {
    /// `summary.csv`: a row per tier and a total row.
    func summaryCSV() throws -> String {
        let baselines = policies.map(\.policy).filter { $0 != "polyserve" }
        var rows = [["tier", "tpot_ms", "ttft_ms", "rate_rps", "bound_gpus", "polyserve_gpus_peak", "polyserve_gpus_p95",
                     "polyserve_gpus_mean"] + baselines.map { "\($0)_gpus" } +
                    ["planned_gpus", "attainment", "dollars_per_hour", "dollars_per_month", "gpu_hours_per_day", "gpu_hours_per_month",
                     "dollars_per_million_output_tokens", "premium_over_loosest"]]
        for t in tiers + [total] {
            rows.append([t.tier, CSVText.number(t.tpotMs, 0), t.ttftMs, CSVText.number(t.rateRps, 3), CSVText.number(t.boundGpus),
                         CSVText.number(t.polyserveGpusPeak), CSVText.number(t.polyserveGpusP95), CSVText.number(t.polyserveGpusMean)] +
                        baselines.map { CSVText.number(t.baselineGpus[$0]) } +
                        [CSVText.number(t.plannedGpus), CSVText.number(t.attainment, 4), CSVText.number(t.dollarsPerHour),
                         CSVText.number(t.dollarsPerMonth), CSVText.number(t.gpuHoursPerDay, 1), CSVText.number(t.gpuHoursPerMonth, 1),
                         CSVText.number(t.dollarsPerMillionOutputTokens, 4), CSVText.number(t.premiumOverLoosest, 3)])
        }
        return try CSVText.render(rows)
    }

    /// `policies.csv`: a row per policy.
    func policiesCSV() throws -> String {
        let names = workload.tiers.map(\.name)
        var rows = [["policy", "fleet_instances", "fleet_gpus", "attainment_at_fleet", "common_fleet_instances", "goodput_rps",
                     "bound_goodput_rps", "ratio_to_bound"] + names.map { "attainment_\($0)" }]
        for p in policies {
            rows.append([p.policy, p.fleetInstances.map(String.init) ?? "", p.fleetGpus.map(String.init) ?? "",
                         CSVText.number(p.attainment, 4), "\(commonFleet)", CSVText.number(p.goodputRps),
                         CSVText.number(boundAtCommonFleet.goodputRps), CSVText.number(p.ratioToBound, 4)] +
                        names.map { CSVText.number(p.tierAttainment[$0], 4) })
        }
        return try CSVText.render(rows)
    }
}
