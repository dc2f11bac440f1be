import Foundation
import Profiling

extension PolicySuite.Leaderboard {
    /// `leaderboard.csv`: one line per workload and policy.
    public func csv() throws -> String {
        var lines = [["workload", "tiers", "gpu", "model", "instances", "forecast_rps", "policy", "goodput_rps", "ratio_to_bound",
                     "ratio_to_best_baseline", "overall_goodput_rps", "overall_ratio_to_bound", "bound_goodput_rps", "overall_bound_goodput_rps"]]
        let n = CSVText.number
        for r in rows {
            let best = r.bestBaseline.flatMap { r.entry($0)?.goodputRps }
            for e in r.entries {
                lines.append([r.workload, "\(r.tiers)", r.gpu, r.model, "\(r.instances)", n(r.forecastRps, 2), e.policy.rawValue,
                             n(e.goodputRps, 2), n(e.ratioToBound, 4), n(best.flatMap { $0 > 0 ? e.goodputRps / $0 : nil }, 4),
                             n(e.overallGoodputRps, 2), n(e.overallRatioToBound, 4), n(r.boundGoodputRps, 2), n(r.overallBoundGoodputRps, 2)])
            }
        }
        return try CSVText.render(lines)
    }


    /// `report.html`: the leaderboard table and a chart of each policy's goodput as a share of the bound.
    public func html() -> String {
        let e = SVGChart.escape
        let policies = rows.first?.entries.map(\.policy) ?? []
        let pct = { (x: Double?) in x.map { fmt($0 * 100, 1) } ?? "–" }
        var h = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Policy leaderboard</title>
        <style>\(ReportStyle.css)</style></head><body>
        <h1>Policy leaderboard</h1>
        <p class="muted">planner \(e(version)) · \(rows.count) workloads · \(replications) replication(s) per point · goodput to \(fmt(tolerance * 100, 1)) % of the bound · \(fmt(wallSeconds, 0)) s</p>
        <div class="headline">
        <div class="card">PolyServe over the best baseline<b>\(multiTier.polyserveOverBestBaseline.map { fmt($0, 3) + "×" } ?? "–")</b>geometric mean, \(multiTier.workloads) multi-tier workloads</div>
        <div class="card">PolyServe, share of the bound<b>\(pct(multiTier.ratioToBound[PolicyID.polyserve.rawValue])) %</b>geometric mean</div>
        <div class="card">Overall (the paper's goodput)<b>\(multiTier.overallPolyserveOverBestBaseline.map { fmt($0, 3) + "×" } ?? "–")</b>over the best baseline</div>
        </div>
        """
        let multi = rows.filter { $0.tiers >= 2 }
        h += SVGChart(title: "Goodput (every tier at its target) as a share of the work-conserving bound", xLabel: "workload", yLabel: "share of bound")
            .bars(categories: multi.indices.map { "\($0 + 1)" }, series: policies.map { p in (p.rawValue, multi.map { $0.entry(p)?.ratioToBound }) })
        h += "<p class=\"muted\">Bars are numbered as the multi-tier rows below.</p>"
        h += "<h2>Goodput per workload (req/s, every tier at its target)</h2><div class=\"scroll\"><table><tr><th>#</th><th>workload</th><th>tiers</th><th>GPU × model</th><th>instances</th><th>bound</th>"
        h += policies.map { "<th>\(e($0.rawValue))</th>" }.joined()
        h += "<th>PolyServe ÷ best baseline</th><th>PolyServe % of bound</th></tr>"
        var number = 0
        for r in rows {
            if r.tiers >= 2 { number += 1 }
            let behind = (r.polyserveOverBestBaseline ?? 1) < 1
            h += "<tr><td>\(r.tiers >= 2 ? "\(number)" : "–")</td><td title=\"\(e(r.description))\">\(e(r.workload))</td><td>\(r.tiers)</td><td>\(e(r.gpu)) × \(e(r.model))</td><td>\(r.instances)</td><td>\(fmt(r.boundGoodputRps))</td>"
            h += policies.map { p in "<td>\(r.entry(p).map { fmt($0.goodputRps) } ?? "–")</td>" }.joined()
            h += "<td\(behind ? " class=\"miss\"" : "")>\(r.polyserveOverBestBaseline.map { fmt($0, 3) } ?? "–") (\(e(r.bestBaseline?.rawValue ?? "–")))</td><td>\(pct(r.entry(.polyserve)?.ratioToBound))</td></tr>"
        }
        h += "</table></div><p class=\"muted\">Each workload runs on the fleet the bound sizes for its forecast rate. Single-tier workloads are controls and stay out of the means.</p>"
        h += "</body></html>\n"
        return h
    }
}

extension ReportWriter {
    /// Writes `leaderboard.csv`, `leaderboard.json` and `report.html` into `folder`, with the same safety as a plan.
    public static func write(_ leaderboard: PolicySuite.Leaderboard, to folder: String) throws {
        try writeAtomically([
            "leaderboard.csv": try leaderboard.csv(),
            "leaderboard.json": try JSONOutput.string(leaderboard) + "\n",
            "report.html": leaderboard.html(),
        ], to: folder)
    }
}
