extension ServingComparison {
    /// What `planner plan` prints for this plan: the headline, the range, the bound and the per-tier table.
    public func consoleSummary() -> String {
        var out: [String] = []
        let c = colocated, d = disaggregated
        out.append("\(c.workload.name): co-located \(fmt(c.total.plannedGpus, 0)) GPUs ($\(fmt(c.total.dollarsPerMonth, 0))/month), disaggregated \(fmt(d.total.plannedGpus, 0)) GPUs = \(d.prefillInstances ?? 0) prefill + \(d.commonFleet - (d.prefillInstances ?? 0)) decode ($\(fmt(d.total.dollarsPerMonth, 0))/month); \(saving > 0 ? "\(cheaper.rawValue) is cheaper by \(fmt(saving * 100, 1)) %" : "both cost the same")")
        var table = TextTable(header: ["tier", "co-located GPUs", "disaggregated GPUs", "co-located $/month", "disaggregated $/month", "co-located worst %", "disaggregated worst %"])
        for t in tiers {
            table.rows.append([t.tier, fmt(t.colocatedGpus, 2), fmt(t.disaggregatedGpus, 2), fmt(t.colocatedDollarsPerMonth, 0), fmt(t.disaggregatedDollarsPerMonth, 0),
                               percent(t.colocatedAttainment), percent(t.disaggregatedAttainment)])
        }
        out.append(table.render())
        var goodput = TextTable(header: ["policy", "co-located req/s", "of bound %", "disaggregated req/s", "of bound %", "prefill instances"])
        for p in policies {
            goodput.rows.append([p.policy.rawValue, fmt(p.colocatedGoodputRps), percent(p.colocatedRatioToBound, 1), fmt(p.disaggregatedGoodputRps),
                                 percent(p.disaggregatedRatioToBound, 1), p.disaggregatedPrefillInstances.map(String.init) ?? "-"])
        }
        out.append(goodput.render())
        out.append("PolyServe over the best baseline: \(polyserveGainColocated.map { fmt($0, 3) } ?? "-")× co-located on \(c.commonFleet) instances, \(polyserveGainDisaggregated.map { fmt($0, 3) } ?? "-")× disaggregated on \(d.commonFleet)")
        return out.joined(separator: "\n")
    }
}
