extension Plan {
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
