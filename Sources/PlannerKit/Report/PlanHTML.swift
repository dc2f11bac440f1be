import Foundation
import Profiling

extension Plan {
    /// `report.html`: one self-contained page (inline CSS and SVG, no script, no network).
    func html() -> String {
        let e = SVGChart.escape
        let baselines = PolicyID.baselines.map(\.rawValue)
        let polyserve = policies.first { $0.policy == .polyserve }
        let allMeet = tiers.allSatisfy(\.meetsTarget)
        var h = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Capacity plan: \(e(workload.name))</title>
        <style>\(ReportStyle.css)</style></head><body>
        <h1>Capacity plan: \(e(workload.name))</h1>
        <p class="muted">\(e(workload.description)) · \(e(profile.model))\(profile.precision.map { " (\(e($0)))" } ?? "") on \(profile.gpusPerInstance) × \(e(profile.gpu)) per instance\(profile.parallelism.map { " (\(e($0)))" } ?? "") · \(header.settings.replications) replications · default attainment target \(fmt(attainmentTarget * 100, 0)) %</p>
        <div class="headline">
        <div class="card">Planned fleet<b>\(fmt(total.plannedGpus, 0)) GPUs</b>every tier at its target in every replication</div>
        <div class="card">Cost<b>$\(fmt(total.dollarsPerMonth, 0))/month</b>$\(fmt(total.dollarsPerHour)) per hour</div>
        \(latencyRange.map { r in "<div class=\"card\">Range<b>\(r.lowGpus.map(String.init) ?? "?")–\(r.highGpus.map(String.init) ?? "?") GPUs</b>$\(r.dollarsPerMonthLow.map { fmt($0, 0) } ?? "?")–\(r.dollarsPerMonthHigh.map { fmt($0, 0) } ?? "?")/month at latencies ±\(fmt(r.band * 100, 0)) %</div>" } ?? "")
        <div class="card">Bound<b>\(bounds.sizing.totalGpus) GPUs</b>work-conserving; \(bounds.sizingClairvoyant.totalGpus) clairvoyant</div>
        <div class="card">Binding tier<b>\(e(bindingTier ?? "–"))</b>fails first one instance below</div>
        <div class="card">PolyServe goodput<b>\(polyserve?.ratioToBound.map { fmt($0 * 100, 1) + " %" } ?? "–")</b>of the bound on \(commonFleet) instances</div>
        </div>
        """
        if !allMeet { h += "<p class=\"warn\">Some tier misses its target on the planned fleet; this is not a plan to sign.</p>" }
        if let r = latencyRange, !r.validated {
            h += "<p class=\"warn\">The profile carries no validated latency band: the range applies the default ±\(fmt(r.band * 100, 0)) % for an unvalidated latency model (docs/validation.md).</p>"
        }

        h += "<h2>Per-tier SLA (PolyServe on \(commonFleet) instances, \(header.settings.replications) replications)</h2>"
        h += "<table><tr><th>tier</th><th>TPOT ms</th><th>TTFT ms</th><th>rate req/s</th><th>target %</th><th>worst %</th><th>mean %</th><th>95 % interval of the mean</th></tr>"
        for t in tiers {
            let cls = t.meetsTarget ? "" : " class=\"miss\""
            let interval = t.attainmentInterval95.map { "\(fmt($0.lowerBound * 100, 2)) – \(fmt($0.upperBound * 100, 2))" } ?? "–"
            h += "<tr><td>\(e(t.tier))\(t.tier == bindingTier ? " (binding)" : "")</td><td>\(fmt(t.tpotMs, 0))</td><td>\(t.ttftMs.map(fmtShort).joined(separator: "/"))</td><td>\(fmt(t.rateRps))</td><td>\(fmt(t.attainmentTarget * 100, 1))</td>"
            h += "<td\(cls)>\(t.attainment.map { fmt($0 * 100, 2) } ?? "not measured")</td><td\(cls)>\(t.attainmentMean.map { fmt($0 * 100, 2) } ?? "–")</td><td>\(interval)</td></tr>"
        }
        h += "</table>"

        h += "<h2>GPUs and cost per tier</h2><p class=\"muted\">Planned GPUs and dollars follow the GPU time each tier consumed in simulation (iteration time split by tokens, idle time in proportion).</p>"
        h += "<div class=\"scroll\"><table><tr><th>tier</th><th>bound GPUs (work-conserving / clairvoyant)</th><th>PolyServe peak / p95 / mean</th>"
        h += baselines.map { "<th>\(e($0)) GPUs</th>" }.joined()
        h += "<th>planned GPUs</th><th>range (latency ±\(latencyRange.map { fmt($0.band * 100, 0) } ?? "–") %)</th><th>$/hour</th><th>$/month</th><th>GPU-h/day</th><th>$/M output tokens</th><th>× loosest</th></tr>"
        let opt = { (x: Double?, d: Int) in x.map { fmt($0, d) } ?? "–" }
        // Each tier's share of the edge fleets, as in summary.csv.
        let (low, high) = latencyRange?.shares(ofPlanned: commonFleet) ?? (nil, nil)
        let range = { (gpus: Double) in "\(opt(low.map { gpus * $0 }, 1)) – \(opt(high.map { gpus * $0 }, 1))" }
        for t in tiers {
            h += "<tr><td>\(e(t.tier))</td><td>\(fmt(t.boundGpus, 1)) / \(fmt(t.boundClairvoyantGpus, 1))</td>"
            h += "<td>\(fmt(t.polyserveGpusPeak, 1)) / \(fmt(t.polyserveGpusP95, 1)) / \(fmt(t.polyserveGpusMean, 1))</td>"
            h += baselines.map { "<td>\(opt(t.baselineGpus[$0] ?? nil, 1))</td>" }.joined()
            h += "<td>\(fmt(t.plannedGpus, 1))</td><td>\(range(t.plannedGpus))</td><td>\(fmt(t.dollarsPerHour))</td><td>\(fmt(t.dollarsPerMonth, 0))</td><td>\(fmt(t.gpuHoursPerDay, 1))</td><td>\(opt(t.dollarsPerMillionOutputTokens, 3))</td><td>\(opt(t.premiumOverLoosest, 2))</td></tr>"
        }
        h += "<tr class=\"total\"><td>total</td><td>\(total.boundGpus) / \(total.boundClairvoyantGpus)</td><td>\(fmt(total.polyserveGpusPeak, 1)) / \(fmt(total.polyserveGpusP95, 1)) / \(fmt(total.polyserveGpusMean, 1))</td>"
        h += baselines.map { "<td>\(opt(total.baselineGpus[$0] ?? nil, 1))</td>" }.joined()
        h += "<td>\(fmt(total.plannedGpus, 1))</td><td>\(range(total.plannedGpus))</td><td>\(fmt(total.dollarsPerHour))</td><td>\(fmt(total.dollarsPerMonth, 0))</td><td>\(fmt(total.gpuHoursPerDay, 1))</td><td>\(opt(total.dollarsPerMillionOutputTokens, 3))</td><td></td></tr>"
        h += "</table></div>"
        if latencyRange != nil {
            let rows = tiers.map { t in SVGChart.RangeRow(label: t.tier, low: low.map { t.plannedGpus * $0 }, value: t.plannedGpus, high: high.map { t.plannedGpus * $0 }) }
                + [SVGChart.RangeRow(label: "total", low: low.map { total.plannedGpus * $0 }, value: total.plannedGpus, high: high.map { total.plannedGpus * $0 })]
            h += SVGChart(title: "Planned GPUs per tier (mark) and the range at latencies ±\(fmt(latencyRange!.band * 100, 0)) % (bar)", xLabel: "GPUs", yLabel: "")
                .ranges(rows, unit: "GPUs")
        }
        h += SVGChart(title: "GPUs per tier by policy, against the bound", xLabel: "tier", yLabel: "GPUs").bars(
            categories: tiers.map(\.tier),
            series: [("bound", tiers.map { Optional($0.boundGpus) }), ("polyserve", tiers.map { Optional($0.plannedGpus) })] +
                baselines.map { b in (b, tiers.map { $0.baselineGpus[b] ?? nil }) })

        h += "<h2>Policies against the bounds</h2><table><tr><th>policy</th><th>smallest fleet (instances)</th><th>binding tier</th><th>worst tier there %</th><th>goodput on \(commonFleet) instances req/s</th><th>of the bound</th><th>of the clairvoyant bound</th><th>overall goodput req/s (paper's)</th><th>of the overall bound</th></tr>"
        for p in policies {
            let worst = p.tiers.binding
            h += "<tr><td>\(e(p.policy.rawValue))</td><td>\(p.fleetInstances.map(String.init) ?? "none up to the limit")</td><td>\(e(p.bindingTier ?? "–"))</td>"
            h += "<td\(p.tiers.allSatisfy(\.meetsTarget) ? "" : " class=\"miss\"")>\(worst?.worst.map { fmt($0 * 100, 2) } ?? "–")</td><td>\(fmt(p.goodputRps))</td>"
            h += "<td>\(p.ratioToBound.map { fmt($0 * 100, 1) + " %" } ?? "–")</td><td>\(p.ratioToClairvoyantBound.map { fmt($0 * 100, 1) + " %" } ?? "–")</td>"
            h += "<td>\(fmt(p.overallGoodputRps))</td><td>\(p.overallRatioToBound.map { fmt($0 * 100, 1) + " %" } ?? "–")</td></tr>"
        }
        h += "<tr class=\"total\"><td>bound, work-conserving</td><td>\(bounds.sizing.totalInstances)</td><td></td><td></td><td>\(opt(bounds.goodput.goodputRps, 2))</td><td>100 %</td><td></td><td>\(opt(bounds.goodputOverall.goodputRps, 2))</td><td>100 %</td></tr>"
        h += "<tr class=\"total\"><td>bound, clairvoyant admission control</td><td>\(bounds.sizingClairvoyant.totalInstances)</td><td></td><td></td><td>\(opt(bounds.goodputClairvoyant.goodputRps, 2))</td><td></td><td>100 %</td><td></td><td></td></tr></table>"
        h += SVGChart(title: "Lowest tier attainment against load on \(commonFleet) instances (worst replication)", xLabel: "arrival rate (req/s)", yLabel: "attainment").lines(
            policies.map { SVGChart.Series(name: $0.policy.rawValue, points: $0.curve.map { ($0[0], $0[1]) }) },
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

        let sim = polyserveAtFleet
        h += "<h2>Latency per tier (PolyServe on \(commonFleet) instances, first replication)</h2>"
        let pick: [(String, (Percentiles<Double>) -> Double)] = [("p50", \.p50), ("p90", \.p90), ("p99", \.p99)]
        h += SVGChart(title: "TTFT percentiles per tier (SLO: loosest TTFT choice, dashed)", xLabel: "tier", yLabel: "ms").bars(
            categories: sim.tiers.map(\.name), series: pick.map { k, f in (k, sim.tiers.map { $0.ttftMs.map(f) }) },
            marks: workload.tiers.map { $0.ttftChoicesMs.max() })
        h += SVGChart(title: "TPOT percentiles per tier (SLO dashed)", xLabel: "tier", yLabel: "ms").bars(
            categories: sim.tiers.map(\.name), series: pick.map { k, f in (k, sim.tiers.map { $0.tpotMs.map(f) }) },
            marks: workload.tiers.map { $0.tpotMs })

        let b = bounds.sizing
        h += "<h2>Assumptions and provenance</h2><ul>"
        h += "<li>Bound (sizing, work-conserving, every tier at its target): status <code>\(b.status.rawValue)</code>, \(b.totalGpus) GPUs, LP relaxation \(b.lpRelaxation.map { fmt($0, 3) } ?? "–"), integrality gap \(b.gap.map { fmt($0 * 100, 2) } ?? "–") %, solved in \(fmt(b.solveSeconds * 1000, 1)) ms; a fluid steady-state model with 4 length buckets per tier in which late requests are still processed (docs/bound.md). The clairvoyant row lets late requests go unserved, chosen by their length.</li>"
        h += "<li>Bound on \(commonFleet) instances: goodput \(opt(bounds.goodput.goodputRps, 2)) req/s, status <code>\(bounds.goodput.status.rawValue)</code>, gap \(bounds.goodput.gap.map { fmt($0 * 100, 2) } ?? "–") %.</li>"
        let o = header.settings.polyserve
        h += "<li>PolyServe: steady batch \(o.steadyBatch.rawValue); borrowing looser servers \(o.borrowLooserServers ? "on" : "off"); deadline-aware chunks \(o.deadlineAwareChunks ? "on" : "off") (the last two are this planner's options, not the paper's).</li>"
        h += "<li>Smallest fleet: every tier at its own target in every one of \(header.settings.replications) replications (seeds \(header.seeds.map(String.init).joined(separator: ", "))); doubling from the bound's sizing, then bisection, with the size one below the answer run and seen to miss. Goodput: bisection on the rate scale up to the bound, to 2 % of it.</li>"
        h += "<li>Planned GPUs and dollars per tier follow consumption on the planned fleet (mean over replications). A month is \(fmt(hoursPerMonth, 0)) hours.</li>"
        h += "<li>Profile <code>\(e(profile.name))</code>: KV capacity \(profile.kvCapacityTokens) tokens, $\(fmt(profile.pricePerGpuHour)) per GPU-hour; \(e(profile.provenance)).</li>"
        h += "<li>Workload: \(e(workload.arrivals)); \(e(workload.runLength)), warm-up \(fmt(workload.warmupSeconds, 0)) s; seed \(header.seed).</li>"
        h += "<li>Inputs: " + header.inputs.map { "<code>\(e($0.path))</code> sha256 <code>\($0.sha256.prefix(16))…</code>" }.joined(separator: "; ") + ".</li>"
        h += "<li>\(e(header.tool)) \(e(header.version)); plan computed in \(fmt(header.wallSeconds, 1)) s.</li></ul>"
        return h + "</body></html>\n"
    }
}
