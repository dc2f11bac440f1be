import Foundation

extension ServingComparison {
    /// `summary.csv`: the cheaper mode's plan, with the mode in a column of its own.
    public func summary() -> PlanSummary {
        var s = (cheaper == .colocated ? colocated : disaggregated).summary()
        s.extraColumns.insert("serving", at: 0)
        for i in s.rows.indices { s.rows[i].extras["serving"] = cheaper.rawValue }
        return s
    }

    /// `serving.csv`: one line per tier and a total, each mode's GPUs, dollars and attainment.
    public func csv() throws -> String {
        func n(_ x: Double?, _ digits: Int = 2) -> String { CSVText.number(x, digits) }
        var lines = [["tier", "colocated_gpus", "disaggregated_gpus", "colocated_dollars_per_month", "disaggregated_dollars_per_month",
                      "colocated_worst_attainment", "disaggregated_worst_attainment"]]
        for t in tiers {
            lines.append([t.tier, n(t.colocatedGpus), n(t.disaggregatedGpus), n(t.colocatedDollarsPerMonth, 0), n(t.disaggregatedDollarsPerMonth, 0),
                          n(t.colocatedAttainment, 4), n(t.disaggregatedAttainment, 4)])
        }
        lines.append(["total", n(colocated.total.plannedGpus), n(disaggregated.total.plannedGpus), n(colocated.total.dollarsPerMonth, 0),
                      n(disaggregated.total.dollarsPerMonth, 0), "", ""])
        return try CSVText.render(lines)
    }

    /// `report.html`: the two modes side by side.
    public func html() -> String {
        let e = SVGChart.escape
        let money = { (x: Double) in "$" + fmt(x, 0) }
        let pct = { (x: Double?) in x.map { fmt($0 * 100, 1) + " %" } ?? "–" }
        let gain = { (x: Double?) in x.map { fmt($0, 3) + "×" } ?? "–" }
        let c = colocated, d = disaggregated
        let split = d.prefillInstances.map { "\($0) prefill + \(d.commonFleet - $0) decode" } ?? "–"
        var h = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Serving modes: \(e(c.workload.name))</title>
        <style>\(ReportStyle.css)</style></head><body>
        <h1>Co-located or disaggregated: \(e(c.workload.name))</h1>
        <p class="muted">planner \(e(header.version)) · \(e(c.profile.name)) · \(header.settings.replications) replications · KV transfer \(d.disaggregation.map { fmt($0.kvBytesPerToken / 1024, 0) + " KiB/token at " + fmt($0.kvBandwidthBytesPerSecond / 1e9, 0) + " GB/s" } ?? "–") · prefill budget \(d.disaggregation.map { "\($0.prefillTokenBudget)" } ?? "–") tokens</p>
        <div class="headline">
        <div class="card">Cheaper mode<b>\(saving > 0 ? cheaper.rawValue : "neither")</b>\(saving > 0 ? "saves \(fmt(saving * 100, 1)) %" : "both cost the same")</div>
        <div class="card">Co-located<b>\(fmt(c.total.plannedGpus, 0)) GPUs</b>\(money(c.total.dollarsPerMonth))/month · bound \(c.bounds.sizing.totalGpus)</div>
        <div class="card">Disaggregated<b>\(fmt(d.total.plannedGpus, 0)) GPUs</b>\(money(d.total.dollarsPerMonth))/month · \(split) · bound \(d.bounds.sizing.totalGpus)</div>
        <div class="card">PolyServe over the best baseline<b>\(gain(polyserveGainColocated)) / \(gain(polyserveGainDisaggregated))</b>co-located / disaggregated</div>
        </div>
        """
        h += SVGChart(title: "Planned GPUs per tier", xLabel: "tier", yLabel: "GPUs")
            .bars(categories: tiers.map(\.tier), series: [("co-located", tiers.map { Optional($0.colocatedGpus) }), ("disaggregated", tiers.map { Optional($0.disaggregatedGpus) })])
        h += "<h2>Per tier</h2><table><tr><th>tier</th><th>co-located GPUs</th><th>disaggregated GPUs</th><th>co-located $/month</th><th>disaggregated $/month</th><th>co-located worst %</th><th>disaggregated worst %</th></tr>"
        for t in tiers {
            h += "<tr><td>\(e(t.tier))</td><td>\(fmt(t.colocatedGpus, 2))</td><td>\(fmt(t.disaggregatedGpus, 2))</td><td>\(money(t.colocatedDollarsPerMonth))</td><td>\(money(t.disaggregatedDollarsPerMonth))</td><td>\(t.colocatedAttainment.map { fmt($0 * 100, 2) } ?? "–")</td><td>\(t.disaggregatedAttainment.map { fmt($0 * 100, 2) } ?? "–")</td></tr>"
        }
        h += "</table><h2>Goodput against each mode's bound</h2><p class=\"muted\">Co-located on \(c.commonFleet) instances (bound \(fmt(c.bounds.goodput.goodputRps ?? 0)) req/s); disaggregated on \(d.commonFleet) (bound \(fmt(d.bounds.goodput.goodputRps ?? 0)) req/s), each policy at the split of prefill and decode instances that gives it the most goodput.</p>"
        h += "<table><tr><th>policy</th><th>co-located req/s</th><th>of its bound</th><th>disaggregated req/s</th><th>of its bound</th><th>prefill instances</th></tr>"
        for p in policies {
            h += "<tr><td>\(e(p.policy.rawValue))</td><td>\(fmt(p.colocatedGoodputRps))</td><td>\(pct(p.colocatedRatioToBound))</td><td>\(fmt(p.disaggregatedGoodputRps))</td><td>\(pct(p.disaggregatedRatioToBound))</td><td>\(p.disaggregatedPrefillInstances.map(String.init) ?? "–")</td></tr>"
        }
        h += "</table><h2>Inputs</h2><ul>" + header.inputs.map { "<li>\(e($0.path)) <code>\($0.sha256)</code></li>" }.joined() + "</ul></body></html>\n"
        return h
    }
}

extension ReportWriter {
    /// The contract's files (`plan.json` holds both plans whole), `serving.csv`,
    /// and each mode's own summary.
    public static func write(_ comparison: ServingComparison, to folder: String, adding additional: [String: String] = [:]) throws {
        try write(summary: comparison.summary(), plan: comparison, html: comparison.html(),
                  extras: additional.merging(["serving.csv": try comparison.csv(), "colocated-summary.csv": try comparison.colocated.summary().csv(),
                           "disaggregated-summary.csv": try comparison.disaggregated.summary().csv()]) { $1 }, to: folder)
    }
}
