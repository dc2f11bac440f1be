extension SchedulePlan {
    /// What `planner plan` prints for this plan: the headline, the range, the bound and the per-tier table.
    public func consoleSummary() -> String {
        var out: [String] = []
        let g = profile.gpusPerInstance
        out.append("\(workload.name): \(windows.count) windows over \(fmt(periodHours, 0)) h; peak \(peakPolyserveGpus) GPUs (bound \(peakBoundGpus)) of \(profile.gpu)\(g > 1 ? " in groups of \(g)" : "")")
        if let line = header.deployment?.consoleLine { out.append(line) }
        out.append("static at the peak: \(fmt(staticPeak.gpuHoursPerMonth, 0)) GPU-hours, $\(fmt(staticPeak.dollarsPerMonth, 0))/month; following the load: \(fmt(followingLoad.gpuHoursPerMonth, 0)) GPU-hours, $\(fmt(followingLoad.dollarsPerMonth, 0))/month (saves \(fmt(savingFraction * 100, 1)) %)")
        let s = reservedSplit
        if let r = latencyRange {
            let money = { (x: Double?) in x.map { "$" + fmt($0, 0) } ?? "?" }
            out.append("range: peak \(r.peakGpusLow.map(String.init) ?? "?")–\(r.peakGpusHigh.map(String.init) ?? "?") GPUs; following the load \(money(r.followingDollarsPerMonthLow))–\(money(r.followingDollarsPerMonthHigh))/month, at the peak \(money(r.staticPeakDollarsPerMonthLow))–\(money(r.staticPeakDollarsPerMonthHigh))/month, with every latency \(fmt(r.band * 100, 0)) % lower or higher"
                  + (r.validated ? " (the profile's validated band)" : "; warning: the profile carries no validated band, so this is the default for an unvalidated latency model"))
        }
        out.append("reserve \(s.reservedGpus) GPUs at $\(fmt(s.reservedPricePerGpuHour, 2)) ($\(fmt(s.reservedDollarsPerMonth, 0))) + \(fmt(s.onDemandGpuHoursPerMonth, 0)) on-demand GPU-hours at $\(fmt(s.onDemandPricePerGpuHour, 2)) ($\(fmt(s.onDemandDollarsPerMonth, 0))) = $\(fmt(s.totalDollarsPerMonth, 0))/month")
        if let c = continuous {
            out.append("continuous run (\(header.seeds.count) replications, \(fmt(c.requestsPerReplication, 0)) requests each, provisioning delay \(fmt(c.provisioningDelaySeconds, 0)) s, \(fmt(c.wallSeconds, 1)) s): \(fmt(c.following.gpuHoursPerMonth, 0)) GPU-hours/month")
            var table = TextTable(header: ["tier", "target %", "worst window", "attainment %", "period %", "every window"])
            for t in c.tiers {
                table.rows.append([t.tier, fmt(t.target * 100, 1), t.worstWindow ?? "-", t.worstAttainment.map { fmt($0 * 100, 2) } ?? "-",
                                   t.periodAttainment.map { fmt($0 * 100, 2) } ?? "-", t.meetsInEveryWindow ? "yes" : "NO"])
            }
            out.append(table.render())
        }
        return out.joined(separator: "\n")
    }
}
