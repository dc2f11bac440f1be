import Foundation

extension SVGChart {
    /// One row of a range chart: the plan's value and the edges around it.
    struct RangeRow {
        var label: String
        var low: Double?
        var value: Double
        var high: Double?
    }

    /// Horizontal range bars, one row per label: a bar from `low` to `high`
    /// and a mark at `value`; an edge with no fleet is drawn open to the
    /// chart's right, marked "no fleet". O(rows).
    func ranges(_ rows: [RangeRow], unit: String) -> String {
        guard !rows.isEmpty else { return "" }
        let rowHeight = 28.0, labelWidth = 150.0
        let chartHeight = top + bottom + rowHeight * Double(rows.count)
        let hi = max(rows.map { $0.high ?? $0.value * 1.5 }.max() ?? 1, rows.map(\.value).max() ?? 1) * 1.05
        let x0 = labelWidth, x1 = width - 90
        let x = { (v: Double) in x0 + (x1 - x0) * v / max(hi, 1e-9) }
        var s = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(chartHeight))\" role=\"img\" aria-label=\"\(Self.escape(title))\">"
        s += "<text x=\"\(left)\" y=\"20\" class=\"title\">\(Self.escape(title))</text>"
        let axisY = chartHeight - bottom
        for t in Self.ticks(0, hi) {
            s += "<line x1=\"\(x(t))\" y1=\"\(top)\" x2=\"\(x(t))\" y2=\"\(axisY)\" class=\"grid\"/><text x=\"\(x(t))\" y=\"\(axisY + 16)\" text-anchor=\"middle\">\(Self.label(t))</text>"
        }
        s += "<text x=\"\((x0 + x1) / 2)\" y=\"\(chartHeight - 8)\" text-anchor=\"middle\" class=\"label\">\(Self.escape(xLabel))</text>"
        for (i, r) in rows.enumerated() {
            let y = top + rowHeight * (Double(i) + 0.5)
            let from = x(r.low ?? r.value), to = r.high.map(x) ?? x1
            s += "<text x=\"\(x0 - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(Self.escape(r.label))</text>"
            s += "<rect x=\"\(from)\" y=\"\(y - 6)\" width=\"\(max(to - from, 1))\" height=\"12\" fill=\"\(Self.palette[0])\" fill-opacity=\"0.25\"\(r.high == nil ? " stroke-dasharray=\"4 3\" stroke=\"\(Self.palette[0])\"" : "")/>"
            s += "<line x1=\"\(x(r.value))\" y1=\"\(y - 9)\" x2=\"\(x(r.value))\" y2=\"\(y + 9)\" stroke=\"\(Self.palette[1])\" stroke-width=\"3\"/>"
            let text = "\(r.low.map(Self.label) ?? "?")–\(r.high.map(Self.label) ?? "no fleet") \(unit)"
            s += "<text x=\"\(x1 + 6)\" y=\"\(y + 4)\">\(Self.escape(text))</text>"
        }
        return s + "</svg>"
    }
}
