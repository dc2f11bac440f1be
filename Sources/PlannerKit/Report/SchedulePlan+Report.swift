import Foundation

extension SchedulePlan {
    /// `windows.csv`: one line per window.
    public func windowsCSV() throws -> String {
        let n = CSVText.number
        let tiers = workload.tiers.map(\.name)
        var lines = [["window", "hours", "rate_scale", "rate_rps", "bound_gpus", "polyserve_gpus", "binding_tier",
                      "continuous_mean_gpus", "continuous_lowest_tier_attainment"]
                     + tiers.map { "polyserve_gpus_\($0)" } + tiers.map { "bound_gpus_\($0)" }
                     + ["polyserve_gpus_low", "polyserve_gpus_high", "latency_band", "latency_band_validated"]]
        let r = latencyRange
        for (i, w) in windows.enumerated() {
            let c = continuous?.windows[i]
            lines.append([w.name, n(w.hours, 3), n(w.rateScale, 4), n(w.rateRps, 3), "\(w.boundGpus)", "\(w.polyserveGpus)", w.bindingTier ?? "",
                          n(c.map { $0.meanServers * Double(profile.gpusPerInstance) }, 2), n(c?.tierWorstAttainment.compactMap { $0 }.min(), 4)]
                         + w.polyserveTierGpus.map { n($0, 2) } + w.boundTierGpus.map { n($0, 2) }
                         + [r?.lowGpus[i].map(String.init) ?? "", r?.highGpus[i].map(String.init) ?? "", n(r?.band, 3), r.map { $0.validated ? "yes" : "no" } ?? ""])
        }
        return try CSVText.render(lines)
    }

    /// `report.html`: GPUs per window (bound, PolyServe per window, the continuous run), the saving and the split.
    public func html() -> String {
        let e = SVGChart.escape
        let money = { (x: Double) in "$" + fmt(x, 0) }
        let start = windows.indices.map { i in windows[..<i].reduce(0) { $0 + $1.hours } }
        func steps(_ values: [Double]) -> [(x: Double, y: Double)] {
            zip(start, values).map { ($0, $1) } + [(periodHours, values.last ?? 0)]
        }
        var series = [SVGChart.Series(name: "bound", points: steps(windows.map { Double($0.boundGpus) }), step: true, dashed: true),
                      SVGChart.Series(name: "PolyServe per window", points: steps(windows.map { Double($0.polyserveGpus) }), step: true)]
        if let c = continuous {
            series.append(.init(name: "continuous run (mean)", points: steps(c.windows.map { $0.meanServers * Double(profile.gpusPerInstance) }), step: true))
        }
        var h = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(e(workload.name)): plan over the day</title>
        <style>\(ReportStyle.css)</style></head><body>
        <h1>\(e(workload.name)): plan over the schedule</h1>
        <p class="muted">planner \(e(header.version)) · \(e(profile.name)) · period \(fmt(periodHours, 0)) h · \(windows.count) windows · seeds \(header.seeds.map(String.init).joined(separator: ", ")) · \(e(source))</p>
        <div class="headline">
        <div class="card">Peak fleet (PolyServe)<b>\(peakPolyserveGpus) GPUs</b>bound \(peakBoundGpus)</div>
        <div class="card">Following the load saves<b>\(fmt(savingFraction * 100, 1)) %</b>\(money(followingLoad.dollarsPerMonth)) against \(money(staticPeak.dollarsPerMonth)) a month at the peak</div>
        <div class="card">Reserve<b>\(reservedSplit.reservedGpus) GPUs</b>\(money(reservedSplit.totalDollarsPerMonth)) a month with the rest on demand</div>
        \(latencyRange.map { r in "<div class=\"card\">Range<b>peak \(r.peakGpusLow.map(String.init) ?? "?")–\(r.peakGpusHigh.map(String.init) ?? "?") GPUs</b>following the load \(r.followingDollarsPerMonthLow.map(money) ?? "?")–\(r.followingDollarsPerMonthHigh.map(money) ?? "?")/month at latencies ±\(fmt(r.band * 100, 0)) %</div>" } ?? "")
        </div>
        """
        if let r = latencyRange, !r.validated {
            h += "<p class=\"warn\">The profile carries no validated latency band: the range applies the default ±\(fmt(r.band * 100, 0)) % for an unvalidated latency model (docs/validation.md).</p>"
        }
        h += SVGChart(title: "GPUs over the period", xLabel: "hour", yLabel: "GPUs").lines(series)
        if let r = latencyRange {
            let rows = windows.indices.map { i in SVGChart.RangeRow(label: windows[i].name, low: r.lowGpus[i].map(Double.init), value: Double(windows[i].polyserveGpus), high: r.highGpus[i].map(Double.init)) }
            h += SVGChart(title: "PolyServe's GPUs per window (mark) and the range at latencies ±\(fmt(r.band * 100, 0)) % (bar)", xLabel: "GPUs", yLabel: "").ranges(rows, unit: "GPUs")
        }
        let tiers = workload.tiers.map(\.name)
        let perTier = tiers.indices.flatMap { t in
            [SVGChart.Series(name: "\(tiers[t]) PolyServe", points: steps(windows.map { $0.polyserveTierGpus[t] }), step: true),
             SVGChart.Series(name: "\(tiers[t]) bound", points: steps(windows.map { $0.boundTierGpus[t] }), step: true, dashed: true)]
        }
        h += SVGChart(title: "GPUs per tier over the period (PolyServe by consumption; bound dashed)", xLabel: "hour", yLabel: "GPUs").lines(perTier)
        h += "<h2>Provisioning, per month (\(fmt(hoursPerMonth, 0)) h)</h2><table><tr><th>way</th><th>GPU-hours</th><th>dollars</th></tr>"
        var ways = [("static at the peak", staticPeak), ("following the load (PolyServe per window)", followingLoad), ("following the load (bound)", boundFollowingLoad)]
        if let c = continuous { ways.append(("continuous autoscaled run (mean over replications)", c.following)) }
        for (name, p) in ways { h += "<tr><td>\(e(name))</td><td>\(fmt(p.gpuHoursPerMonth, 0))</td><td>\(money(p.dollarsPerMonth))</td></tr>" }
        h += "</table>"
        let s = reservedSplit
        h += """
        <h2>Reserved and on demand</h2><table>
        <tr><td>reserved GPUs</td><td>\(s.reservedGpus) at $\(fmt(s.reservedPricePerGpuHour, 2))/GPU-hour: \(money(s.reservedDollarsPerMonth))</td></tr>
        <tr><td>on demand</td><td>\(fmt(s.onDemandGpuHoursPerMonth, 0)) GPU-hours at $\(fmt(s.onDemandPricePerGpuHour, 2)): \(money(s.onDemandDollarsPerMonth))</td></tr>
        <tr><td>total</td><td>\(money(s.totalDollarsPerMonth)) (all on demand, following: \(money(s.allOnDemandDollarsPerMonth)); all reserved at the peak: \(money(s.allReservedDollarsPerMonth)))</td></tr>
        </table>
        """
        if let c = continuous {
            h += "<h2>Continuous run: worst window per tier</h2><p class=\"muted\">provisioning delay \(fmt(c.provisioningDelaySeconds, 0)) s · \(fmt(c.requestsPerReplication, 0)) requests per replication</p>"
            h += "<table><tr><th>tier</th><th>target %</th><th>worst window</th><th>its attainment %</th><th>over the period %</th><th>every window</th></tr>"
            for t in c.tiers {
                h += "<tr><td>\(e(t.tier))</td><td>\(fmt(t.target * 100, 1))</td><td>\(e(t.worstWindow ?? "–"))</td><td\(t.meetsInEveryWindow ? "" : " class=\"miss\"")>\(t.worstAttainment.map { fmt($0 * 100, 2) } ?? "–")</td><td>\(t.periodAttainment.map { fmt($0 * 100, 2) } ?? "–")</td><td>\(t.meetsInEveryWindow ? "yes" : "no")</td></tr>"
            }
            h += "</table>"
        }
        h += "<h2>Windows</h2><table><tr><th>window</th><th>hours</th><th>rate req/s</th><th>bound GPUs</th><th>PolyServe GPUs</th><th>binding tier</th></tr>"
        for w in windows {
            h += "<tr><td>\(e(w.name))</td><td>\(fmt(w.hours, 2))</td><td>\(fmt(w.rateRps, 2))</td><td>\(w.boundGpus)</td><td>\(w.polyserveGpus)</td><td>\(e(w.bindingTier ?? "–"))</td></tr>"
        }
        h += "</table><h2>Inputs</h2><ul>" + header.inputs.map { "<li>\(e($0.path)) <code>\($0.sha256)</code></li>" }.joined() + "</ul></body></html>\n"
        return h
    }
}

extension ReportWriter {
    /// The contract's files and `windows.csv`.
    public static func write(_ plan: SchedulePlan, to folder: String, adding additional: [String: String] = [:]) throws {
        try write(summary: plan.summary(), plan: plan, html: plan.html(), extras: additional.merging(["windows.csv": try plan.windowsCSV()]) { $1 }, to: folder)
    }
}
