import Foundation

extension SweepMerge {
    /// Most lines one chart draws; a sweep with more groups says how many it left out.
    static let maximumSeries = 8

    /// `report.html`: one self-contained page (inline CSS and SVG, no script,
    /// no network): cost against each axis, the cost of each tier's SLA, the
    /// cheapest profile at each step, the Pareto front, and every scenario.
    public func html() -> String {
        let e = SVGChart.escape
        let money = { (x: Double?) in x.map { "$" + fmt($0, 0) } ?? "–" }
        var h = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sweep: \(e(header.name))</title>
        <style>\(ReportStyle.css)</style></head><body>
        <h1>Sweep: \(e(header.name))</h1>
        <p class="muted">\(e(header.description)) · \(header.scenarios) scenarios over \(axes.map { "<code>\(e($0.key))</code>" }.joined(separator: ", ")) · seed \(header.seed) · \(e(header.tool)) \(e(header.version))</p>
        """
        h += "<div class=\"headline\"><div class=\"card\">Planned<b>\(finished.count) of \(rows.count)</b>\(failed.count) failed, \(missing.count) missing</div>"
        h += "<div class=\"card\">Cheapest<b>\(money(cheapest?.dollarsPerMonth))/month</b>\(e(cheapest?.scenario.name ?? "–"))</div>"
        h += "<div class=\"card\">Dearest<b>\(money(dearest?.dollarsPerMonth))/month</b>\(e(dearest?.scenario.name ?? "–"))</div></div>"
        let unsigned = finished.count - signable.count
        if unsigned > 0 { h += "<p class=\"warn\">\(unsigned) planned scenario(s) miss a tier's target on their fleet; they are in the table below but in no chart or comparison.</p>" }
        if !failed.isEmpty || !missing.isEmpty {
            h += "<h2>Failed and missing scenarios</h2><table><tr><th>scenario</th><th>status</th><th>why</th></tr>"
            for r in failed + missing {
                let why: String = if case .failed(let m) = r.status { m } else { "not run yet (run `planner sweep run` on the folder)" }
                h += "<tr><td>\(r.scenario.index): \(e(r.scenario.name))</td><td class=\"miss\">\(r.status == .pending ? "missing" : "failed")</td><td>\(e(why))</td></tr>"
            }
            h += "</table>"
        }
        h += costAgainstAxes() + costOfSLA() + cheapestSection() + paretoSection()
        h += "<h2>Every scenario</h2><div class=\"scroll\"><table><tr><th>#</th>" + axes.map { "<th>\(e($0.key))</th>" }.joined()
        h += "<th>GPUs</th><th>$/month</th><th>range $/month</th><th>every tier meets</th><th>PolyServe / bound</th></tr>"
        for r in rows {
            let t = r.total
            let range = t.flatMap { t in t.dollarsPerMonthLow.map { "\(money($0)) – \(money(t.dollarsPerMonthHigh))" } } ?? "–"
            let meets = t.map { $0.meetsTarget ? "yes" : "no" } ?? (r.status == .pending ? "missing" : "failed")
            h += "<tr><td>\(r.scenario.index)</td>" + axes.map { "<td>\(e(r.scenario.value($0)?.description ?? "base"))</td>" }.joined()
            h += "<td>\(t.map { fmt($0.plannedGpus, 0) } ?? "–")</td><td>\(money(t?.dollarsPerMonth))</td><td>\(range)</td>"
            h += "<td\(t?.meetsTarget == true ? "" : " class=\"miss\"")>\(meets)</td><td>\(r.polyserveRatioToBound.map { fmt($0 * 100, 1) + " %" } ?? "–")</td></tr>"
        }
        return h + "</table></div></body></html>\n"
    }

    /// A chart with room in its legend for the other axes' values.
    static func chart(_ title: String, x: String) -> SVGChart {
        var c = SVGChart(title: title, xLabel: x, yLabel: "$ per month")
        c.width = 1000
        c.right = 360
        return c
    }

    /// One chart per axis: a line per group of the other axes (numbers), or grouped bars (files, modes, flags).
    func costAgainstAxes() -> String {
        var h = "<h2>Cost against each axis</h2><p class=\"muted\">Dollars per month of the planned fleet; one line or bar per combination of the other axes. Scenarios that failed or miss a target are left out.</p>"
        for axis in axes {
            let groups = groups(varying: [axis])
            let shown = Array(groups.prefix(Self.maximumSeries))
            let chart = Self.chart("Cost against \(axis.key)", x: axis.key)
            if uniqueValues(axis).allSatisfy({ $0.number != nil }) {
                h += chart.lines(shown.map { g in
                    SVGChart.Series(name: g.label.isEmpty ? "cost" : g.label,
                                    points: g.rows.compactMap { r in r.scenario.value(axis)?.number.flatMap { x in r.dollarsPerMonth.map { (x, $0) } } }.sorted { $0.0 < $1.0 })
                })
            } else {
                let values = uniqueValues(axis)
                h += chart.bars(categories: values.map(\.description), series: shown.map { g in
                    (g.label.isEmpty ? "cost" : g.label, values.map { v in g.rows.first { $0.scenario.value(axis) == v }?.dollarsPerMonth })
                })
            }
            if groups.count > shown.count { h += "<p class=\"muted\">\(shown.count) of \(groups.count) combinations drawn; sweep.csv has them all.</p>" }
        }
        return h
    }

    func costOfSLA() -> String {
        let e = SVGChart.escape
        let levels = axes.filter(\.isServiceLevel)
        guard !levels.isEmpty else { return "" }
        var h = "<h2>Cost of each tier's SLA</h2><p class=\"muted\">What each step from a looser to a tighter target adds per month, with every other axis held.</p>"
        for axis in levels {
            let unit = if case .attainmentTarget = axis { "point" } else { "ms" }
            h += "<h3><code>\(e(axis.key))</code></h3><table><tr><th>other axes</th><th>from</th><th>to</th><th>$/month before</th><th>$/month after</th><th>step adds</th><th>per \(unit) tightened</th></tr>"
            for s in slaSteps(along: axis) {
                let span = if case .attainmentTarget = axis { abs(s.to - s.from) * 100 } else { abs(s.from - s.to) }
                h += "<tr><td>\(e(s.group.isEmpty ? "–" : s.group))</td><td>\(fmtShort(s.from))</td><td>\(fmtShort(s.to))</td><td>$\(fmt(s.dollarsFrom, 0))</td><td>$\(fmt(s.dollarsTo, 0))</td>"
                h += "<td>\(s.dollarsPerMonth >= 0 ? "+" : "−")$\(fmt(abs(s.dollarsPerMonth), 0))</td><td>$\(fmt(s.dollarsPerMonth / max(span, 1e-9), 0))</td></tr>"
            }
            h += "</table>"
        }
        return h
    }

    func cheapestSection() -> String {
        let e = SVGChart.escape
        let table = cheapestProfiles()
        guard let first = table.first else { return "" }
        var h = "<h2>Cheapest profile (GPU type, precision, model) at each step</h2><table><tr><th>other axes</th>"
        h += first.dollars.map { "<th>\(e($0.profile)) $/month</th>" }.joined() + "<th>cheapest</th></tr>"
        for c in table {
            h += "<tr><td>\(e(c.group.isEmpty ? "–" : c.group))</td>"
            h += c.dollars.map { d in "<td>\(d.dollarsPerMonth.map { (d.profile == c.cheapest ? "<b>" : "") + "$" + fmt($0, 0) + (d.profile == c.cheapest ? "</b>" : "") } ?? "–")</td>" }.joined()
            h += "<td>\(e(c.cheapest))</td></tr>"
        }
        return h + "</table>"
    }

    func paretoSection() -> String {
        let e = SVGChart.escape
        guard let axis = tightestServiceAxis else { return "" }
        let fronts = paretoFronts(along: axis)
        guard !fronts.isEmpty else { return "" }
        var h = "<h2>Cost against the tightest SLA (<code>\(e(axis.key))</code>)</h2>"
        h += "<p class=\"muted\">Circles: every scenario that meets its targets; lines: the Pareto front (no other choice is both cheaper and at least as tight) for each demand. Every axis but the demand is a choice.</p>"
        let points = signable.compactMap { r in r.scenario.value(axis)?.number.flatMap { x in r.dollarsPerMonth.map { (x, $0) } } }
        let series = fronts.prefix(Self.maximumSeries - 1).map { g in
            SVGChart.Series(name: g.label.isEmpty ? "front" : "front \(g.label)",
                            points: g.rows.compactMap { r in r.scenario.value(axis)?.number.flatMap { x in r.dollarsPerMonth.map { (x, $0) } } }.sorted { $0.0 < $1.0 })
        } + [SVGChart.Series(name: "every scenario", points: points, markersOnly: true)]
        h += Self.chart("Cost against \(axis.key)", x: axis.key).lines(series)
        h += "<table><tr><th>demand</th><th>\(e(axis.key))</th><th>$/month</th><th>scenario</th></tr>"
        for g in fronts {
            for r in g.rows {
                h += "<tr><td>\(e(g.label.isEmpty ? "–" : g.label))</td><td>\(r.scenario.value(axis)?.description ?? "–")</td><td>$\(fmt(r.dollarsPerMonth ?? 0, 0))</td><td>\(r.scenario.index): \(e(r.scenario.name))</td></tr>"
            }
        }
        return h + "</table>"
    }
}
