import Foundation

extension MixedPlan {
    /// `types.csv`: one line per server type: the plan's instances and
    /// cost, the tier that drives it, and the type alone for comparison.
    public func typesCSV() throws -> String {
        let n = CSVText.number
        var lines = [["type", "planned_instances", "planned_gpus", "dollars_per_month", "driven_by", "bound_instances",
                      "alone_instances", "alone_dollars_per_month", "plan_saving_against_alone", "alone_note"]]
        for (g, p) in typePlans.enumerated() {
            let alone = singleTypes[g]
            lines.append([p.type, "\(p.instances)", "\(p.gpus)", n(p.dollarsPerMonth, 0), p.drivenBy ?? "", "\(boundMix[g])",
                          alone.fleet.map { "\($0.mix[g])" } ?? "", n(alone.fleet?.dollarsPerMonth, 0), n(savingAgainstType[g], 4),
                          alone.reason ?? ""])
        }
        return try CSVText.render(lines)
    }

    /// `report.html`: the mixed fleet by type per bin, the saving against every
    /// single type, which tier drives each type, and per-tier SLA and cost.
    public func html() -> String {
        let e = SVGChart.escape
        let money = { (x: Double) in "$" + fmt(x, 0) }
        let names = types.map(\.name)
        let bins = workload.tiers.map(\.tpotMs).reduce(into: [Double]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
        let binLabels = bins.map { "\(fmtShort($0)) ms" }
        let best = bestSingleType.map { singleTypes[$0] }
        let saving = savingAgainstBestSingle.map { fmt($0 * 100, 1) + " %" } ?? "–"
        var h = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Mixed fleet plan: \(e(workload.name))</title>
        <style>\(ReportStyle.css)</style></head><body>
        <h1>Mixed fleet plan: \(e(workload.name))</h1>
        <p class="muted">planner \(e(header.version)) · \(e(workload.description)) · types \(names.map(e).joined(separator: ", ")) · \(header.settings.replications) replications, seeds \(header.seeds.map(String.init).joined(separator: ", "))</p>
        <div class="headline">
        <div class="card">Planned fleet<b>\(plan.mix.enumerated().filter { $0.element > 0 }.map { "\($0.element) × \(e(names[$0.offset]))" }.joined(separator: " + "))</b>\(plan.gpus) GPUs · \(chosen == "mixed" ? "mixed" : "one type is cheapest")</div>
        <div class="card">Cost<b>\(money(plan.dollarsPerMonth))/month</b>$\(fmt(plan.dollarsPerHour)) per hour</div>
        <div class="card">Best single type<b>\(best.flatMap { s in s.fleet.map { _ in e(s.type) } } ?? "none meets")</b>\(best?.fleet.map { money($0.dollarsPerMonth) + "/month" } ?? "")</div>
        <div class="card">Saving against it<b>\(saving)</b>every tier at its target in every replication</div>
        <div class="card">Bound<b>\(money(bound.dollarsPerHour * hoursPerMonth))/month</b>cost-optimal mix, work-conserving</div>
        \(latencyRange.map { r in "<div class=\"card\">Range<b>\(r.lowGpus.map(String.init) ?? "?")–\(r.highGpus.map(String.init) ?? "?") GPUs</b>\(r.dollarsPerMonthLow.map(money) ?? "?")–\(r.dollarsPerMonthHigh.map(money) ?? "?")/month at latencies ±\(fmt(r.band * 100, 0)) %</div>" } ?? "")
        </div>
        """
        if !plan.meetsEveryTier { h += "<p class=\"warn\">Some tier misses its target on the planned fleet; this is not a plan to sign.</p>" }
        if let r = latencyRange, !r.validated {
            h += "<p class=\"warn\">A type's profile carries no validated latency band: the range applies the default ±\(fmt(r.band * 100, 0)) % for an unvalidated latency model (docs/validation.md).</p>"
        }
        h += SVGChart(title: "Planned fleet by type per bin (mean servers, PolyServe)", xLabel: "bin (TPOT)", yLabel: "servers")
            .bars(categories: binLabels, series: typePlans.map { p in (p.type, p.meanServersPerBin.map { Optional($0) }) })
        h += SVGChart(title: "The bound's cost-optimal mix by bin", xLabel: "bin (TPOT)", yLabel: "instances")
            .bars(categories: binLabels, series: typePlans.map { p in (p.type, p.boundInstancesPerBin.map { Optional(Double($0)) }) })
        let costCategories = ["plan"] + singleTypes.map { "\($0.type) alone" } + ["bound"]
        let costs: [Double?] = [plan.dollarsPerMonth] + singleTypes.map { $0.fleet?.dollarsPerMonth } + [bound.dollarsPerHour * hoursPerMonth]
        h += SVGChart(title: "Dollars per month: the plan, each type alone, the bound", xLabel: "", yLabel: "$/month")
            .bars(categories: costCategories, series: [("$/month", costs)])

        h += "<h2>Types: which tier drives each</h2><table><tr><th>type</th><th>planned instances</th><th>GPUs</th><th>$/month</th><th>driven by</th><th>tiers' shares of its busy time</th><th>bound instances</th><th>alone: instances</th><th>alone: $/month</th><th>plan saves</th></tr>"
        for (g, p) in typePlans.enumerated() {
            let alone = singleTypes[g]
            let shares = zip(workload.tiers, p.tierShares).map { "\(e($0.name)) \(fmt($1 * 100, 0)) %" }.joined(separator: ", ")
            h += "<tr><td>\(e(p.type))</td><td>\(p.instances)</td><td>\(p.gpus)</td><td>\(money(p.dollarsPerMonth))</td><td>\(e(p.drivenBy ?? "–"))</td><td>\(p.instances > 0 ? shares : "–")</td><td>\(boundMix[g])</td>"
            h += "<td>\(alone.fleet.map { "\($0.mix[g])" } ?? "–")</td><td>\(alone.fleet.map { money($0.dollarsPerMonth) } ?? e(alone.reason ?? "–"))</td><td>\(savingAgainstType[g].map { fmt($0 * 100, 1) + " %" } ?? "–")</td></tr>"
        }
        h += "</table>"

        h += "<h2>Per tier on the planned fleet (PolyServe, \(header.settings.replications) replications)</h2><table><tr><th>tier</th><th>TPOT ms</th><th>rate req/s</th><th>target %</th><th>worst %</th><th>mean %</th>"
        h += names.map { "<th>GPUs on \(e($0))</th>" }.joined() + "<th>GPUs</th><th>$/month</th><th>$/M output tokens</th></tr>"
        for t in tiers {
            let cls = t.meetsTarget ? "" : " class=\"miss\""
            h += "<tr><td>\(e(t.tier))</td><td>\(fmt(t.tpotMs, 0))</td><td>\(fmt(t.rateRps))</td><td>\(fmt(t.attainmentTarget * 100, 1))</td><td\(cls)>\(t.attainment.map { fmt($0 * 100, 2) } ?? "not measured")</td><td>\(t.attainmentMean.map { fmt($0 * 100, 2) } ?? "–")</td>"
            h += t.gpusByType.map { "<td>\(fmt($0, 2))</td>" }.joined()
            h += "<td>\(fmt(t.gpus, 2))</td><td>\(money(t.dollarsPerMonth))</td><td>\(t.dollarsPerMillionOutputTokens.map { fmt($0, 3) } ?? "–")</td></tr>"
        }
        h += "</table>"
        if let r = latencyRange {
            // Each tier's dollars times the edge mix's share of the plan's, as in summary.csv.
            let (low, high) = r.shares(ofDollars: plan.dollarsPerMonth)
            let rows = tiers.map { t in SVGChart.RangeRow(label: t.tier, low: low.map { t.dollarsPerMonth * $0 }, value: t.dollarsPerMonth, high: high.map { t.dollarsPerMonth * $0 }) }
                + [SVGChart.RangeRow(label: "total", low: r.dollarsPerMonthLow, value: plan.dollarsPerMonth, high: r.dollarsPerMonthHigh)]
            h += SVGChart(title: "Dollars a month per tier (mark) and the range at latencies ±\(fmt(r.band * 100, 0)) % (bar)", xLabel: "$/month", yLabel: "").ranges(rows, unit: "$/month")
        }

        h += "<h2>Every policy on the planned fleet</h2><p class=\"muted\">At the forecast rates, and the largest rate at which every tier meets its target, against the bound's goodput on the same composition (\(fmt(goodputBound.goodputRps ?? 0)) req/s).</p>"
        h += "<table><tr><th>policy</th><th>lowest tier attainment %</th><th>every tier meets</th><th>goodput req/s</th><th>of the bound</th></tr>"
        for p in policies {
            let lowest = p.tiers.compactMap(\.worst).min()
            h += "<tr><td>\(e(p.policy.rawValue))</td><td>\(lowest.map { fmt($0 * 100, 2) } ?? "–")</td><td>\(p.meetsEveryTier ? "yes" : "no")</td><td>\(fmt(p.goodputRps))</td><td>\(p.ratioToBound.map { fmt($0 * 100, 1) + " %" } ?? "–")</td></tr>"
        }
        h += "</table>"

        h += "<h2>Scale-up order per bin</h2><p class=\"muted\">A bin takes an idle server of the first type listed that has one: the types the bound puts in the bin (most GPUs first), then the rest by dollars per request of capacity at the bin's TPOT.</p><table><tr><th>bin</th><th>types, first preferred</th></tr>"
        for (b, order) in scaleUpOrder.enumerated() where b < binLabels.count { h += "<tr><td>\(binLabels[b])</td><td>\(order.map(e).joined(separator: " → "))</td></tr>" }
        h += "</table>"

        h += "<h2>Search</h2><p class=\"muted\">From the bound's mix (\(boundMix.map(String.init).joined(separator: " / "))): grow while the first seed misses, then remove or swap to a cheaper type while it still meets, then confirm with every replication. A local search: no single removal or cheaper swap met the target.</p>"
        h += "<table><tr><th>phase</th>" + names.map { "<th>\(e($0))</th>" }.joined() + "<th>$/hour</th><th>replications</th><th>meets</th><th>binding tier</th></tr>"
        for s in steps {
            h += "<tr><td>\(s.phase.rawValue)</td>" + s.mix.map { "<td>\($0)</td>" }.joined() + "<td>\(fmt(s.dollarsPerHour))</td><td>\(s.replications)</td><td>\(s.meets ? "yes" : "no")</td><td>\(e(s.bindingTier ?? "–"))</td></tr>"
        }
        h += "</table><h2>Inputs</h2><ul>" + header.inputs.map { "<li>\(e($0.path)) <code>\($0.sha256)</code></li>" }.joined() + "</ul></body></html>\n"
        return h
    }
}

extension ReportWriter {
    /// The contract's files and `types.csv`.
    public static func write(_ plan: MixedPlan, to folder: String, adding additional: [String: String] = [:]) throws {
        try write(summary: plan.summary(), plan: plan, html: plan.html(), extras: additional.merging(["types.csv": try plan.typesCSV()]) { $1 }, to: folder)
    }
}
