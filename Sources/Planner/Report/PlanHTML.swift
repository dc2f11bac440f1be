import Foundation

extension Plan {
    /// `report.html`: one self-contained page (inline CSS and SVG, no script, no network).
    func html() -> String {
        let e = SVGChart.escape
        let baselines = policies.map(\.policy).filter { $0 != "polyserve" }
        let polyserve = policies.first { $0.policy == "polyserve" }
        var h = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Capacity plan: \(e(workload.name))</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#212529;padding:0 16px}
        h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
        .muted{color:#6c757d}.headline{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
        .card{border:1px solid #dee2e6;border-radius:6px;padding:10px 14px;min-width:170px}.card b{display:block;font-size:22px}
        .scroll{overflow-x:auto}table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums;font-size:13px}th,td{border:1px solid #dee2e6;padding:4px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}tr.total{font-weight:600;background:#f8f9fa}
        svg.chart{width:100%;max-width:900px;height:auto;display:block;margin:12px 0;font-size:11px}
        svg .title{font-size:13px;font-weight:600}svg .label{font-size:12px}svg .grid{stroke:#e9ecef}svg .axis{stroke:#495057}
        svg .reference{stroke:#c92a2a;stroke-dasharray:4 3}svg .reference-label{fill:#c92a2a}
        code{background:#f1f3f5;padding:1px 4px;border-radius:3px}
        </style></head><body>
        <h1>Capacity plan: \(e(workload.name))</h1>
        <p class="muted">\(e(workload.description)) · \(e(profile.model)) on \(profile.gpusPerInstance) × \(e(profile.gpu)) per instance · attainment target \(fmt(attainmentTarget * 100, 0)) %</p>
        <div class="headline">
        <div class="card">Planned fleet<b>\(fmt(total.plannedGpus, 0)) GPUs</b>PolyServe's smallest fleet</div>
        <div class="card">Cost<b>$\(fmt(total.dollarsPerMonth, 0))/month</b>$\(fmt(total.dollarsPerHour)) per hour</div>
        <div class="card">Bound<b>\(bound.totalGpus) GPUs</b>fewest any policy could use</div>
        <div class="card">Output tokens<b>$\(fmt(total.dollarsPerMillionOutputTokens, 3))</b>per million</div>
        <div class="card">PolyServe goodput<b>\(fmt((polyserve?.ratioToBound ?? 0) * 100, 1)) %</b>of the bound on \(commonFleet) instances</div>
        </div>
        """
        h += "<h2>GPUs and cost per tier</h2><div class=\"scroll\"><table><tr><th>tier</th><th>TPOT ms</th><th>TTFT ms</th><th>rate req/s</th><th>bound GPUs</th><th>PolyServe peak / p95 / mean</th>"
        h += baselines.map { "<th>\(e($0)) GPUs</th>" }.joined()
        h += "<th>planned GPUs</th><th>attainment %</th><th>$/hour</th><th>$/month</th><th>GPU-h/day</th><th>$/M output tokens</th><th>× loosest</th></tr>"
        for t in tiers + [total] {
            h += "<tr\(t.tier == "total" ? " class=\"total\"" : "")><td>\(e(t.tier))</td><td>\(t.tpotMs.isFinite ? fmt(t.tpotMs, 0) : "")</td><td>\(e(t.ttftMs))</td><td>\(fmt(t.rateRps))</td><td>\(fmt(t.boundGpus, 1))</td>"
            h += "<td>\(fmt(t.polyserveGpusPeak, 1)) / \(fmt(t.polyserveGpusP95, 1)) / \(fmt(t.polyserveGpusMean, 1))</td>"
            h += baselines.map { "<td>\(t.baselineGpus[$0].map { fmt($0, 1) } ?? "")</td>" }.joined()
            h += "<td>\(fmt(t.plannedGpus, 1))</td><td>\(fmt(t.attainment * 100, 2))</td><td>\(fmt(t.dollarsPerHour))</td><td>\(fmt(t.dollarsPerMonth, 0))</td><td>\(fmt(t.gpuHoursPerDay, 1))</td><td>\(fmt(t.dollarsPerMillionOutputTokens, 3))</td><td>\(t.premiumOverLoosest.isFinite ? fmt(t.premiumOverLoosest, 2) : "")</td></tr>"
        }
        h += "</table></div>"
        let chartTiers = tiers.map(\.tier)
        h += SVGChart(title: "GPUs per tier by policy, against the bound", xLabel: "tier", yLabel: "GPUs").bars(
            categories: chartTiers,
            series: [("bound", tiers.map(\.boundGpus)), ("polyserve", tiers.map(\.plannedGpus))] +
                baselines.map { b in (b, tiers.map { $0.baselineGpus[b] ?? .nan }) })

        h += "<h2>Policies</h2><table><tr><th>policy</th><th>smallest fleet (instances)</th><th>attainment there %</th><th>goodput on \(commonFleet) instances req/s</th><th>ratio to bound</th></tr>"
        for p in policies {
            h += "<tr><td>\(e(p.policy))</td><td>\(p.fleetInstances.map(String.init) ?? "not found")</td><td>\(p.attainment.map { fmt($0 * 100, 2) } ?? "")</td><td>\(fmt(p.goodputRps))</td><td>\(fmt(p.ratioToBound * 100, 1)) %</td></tr>"
        }
        h += "<tr class=\"total\"><td>bound</td><td>\(bound.totalInstances)</td><td></td><td>\(fmt(boundAtCommonFleet.goodputRps ?? 0))</td><td>100 %</td></tr></table>"
        h += SVGChart(title: "Attainment against load on \(commonFleet) instances", xLabel: "arrival rate (req/s)", yLabel: "attainment").lines(
            policies.map { SVGChart.Series(name: $0.policy, points: $0.curve.map { ($0[0], $0[1]) }) },
            reference: [(attainmentTarget, "target \(fmt(attainmentTarget * 100, 0)) %")], yRange: 0...1)

        h += "<h2>Servers per bin over time (PolyServe, unbounded idle pool)</h2>"
        h += SVGChart(title: "Servers in each TPOT bin", xLabel: "simulated seconds", yLabel: "servers").lines(
            autoscaled.bins.map { b in
                var points = b.timeline.map { (x: $0[0], y: $0[1]) }
                if let last = points.last { points.append((autoscaled.simulatedSeconds, last.y)) }
                return SVGChart.Series(name: "\(fmt(b.tpotMs, 0)) ms bin", points: points, step: true)
            })
        h += "<table><tr><th>bin TPOT ms</th><th>peak</th><th>p95</th><th>mean</th></tr>"
        for b in autoscaled.bins { h += "<tr><td>\(fmt(b.tpotMs, 0))</td><td>\(b.peak)</td><td>\(b.p95)</td><td>\(fmt(b.mean, 2))</td></tr>" }
        h += "</table>"

        if let sim = polyserveAtFleet {
            h += "<h2>Latency per tier (PolyServe on \(commonFleet) instances)</h2>"
            let keys = ["p50", "p90", "p99"]
            h += SVGChart(title: "TTFT percentiles per tier (SLO: loosest TTFT choice, dashed)", xLabel: "tier", yLabel: "ms").bars(
                categories: sim.tiers.map(\.name), series: keys.map { k in (k, sim.tiers.map { $0.ttftMs[k] ?? .nan }) },
                marks: workload.tiers.map { $0.ttftChoicesMs.max() })
            h += SVGChart(title: "TPOT percentiles per tier (SLO dashed)", xLabel: "tier", yLabel: "ms").bars(
                categories: sim.tiers.map(\.name), series: keys.map { k in (k, sim.tiers.map { $0.tpotMs[k] ?? .nan }) },
                marks: workload.tiers.map { $0.tpotMs })
        }

        h += "<h2>Assumptions and provenance</h2><ul>"
        h += "<li>Bound (sizing): status <code>\(bound.status.rawValue)</code>, \(bound.totalGpus) GPUs, LP relaxation \(bound.lpRelaxation.map { fmt($0, 3) } ?? "–"), integrality gap \(bound.gap.map { fmt($0 * 100, 2) } ?? "–") %, solved in \(fmt(bound.solveSeconds * 1000, 1)) ms; a fluid steady-state model with 4 length buckets per tier (see the README).</li>"
        h += "<li>Bound on \(commonFleet) instances: goodput \(fmt(boundAtCommonFleet.goodputRps ?? 0)) req/s, status <code>\(boundAtCommonFleet.status.rawValue)</code>, gap \(boundAtCommonFleet.gap.map { fmt($0 * 100, 2) } ?? "–") %.</li>"
        h += "<li>Goodput: bisection on the rate scale up to the bound, to 2 % of it. Smallest fleet: doubling from the bound's sizing, then bisection.</li>"
        h += "<li>Planned GPUs split PolyServe's fleet over bins by the autoscaled run's mean servers, then over tiers by token load; baselines by token load. A month is \(fmt(hoursPerMonth, 0)) hours.</li>"
        h += "<li>Profile <code>\(e(profile.name))</code>: KV capacity \(profile.kvCapacityTokens) tokens, $\(fmt(profile.pricePerGpuHour)) per GPU-hour; \(e(profile.provenance)).</li>"
        h += "<li>Workload: \(e(workload.arrivals)); \(e(workload.runLength)), warm-up \(fmt(workload.warmupSeconds, 0)) s; seed \(seed).</li>"
        h += "<li>Inputs: " + inputs.map { "<code>\(e($0.path))</code> sha256 <code>\($0.sha256.prefix(16))…</code>" }.joined(separator: "; ") + ".</li>"
        h += "<li>\(e(tool)) \(e(version)); plan computed in \(fmt(wallSeconds, 1)) s.</li></ul>"
        return h + "</body></html>\n"
    }
}
