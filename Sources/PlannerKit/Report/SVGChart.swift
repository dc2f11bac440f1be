import Foundation

/// Minimal inline SVG charts: axes with ticks, lines or grouped bars, a legend.
/// Everything is drawn in the file, so reports need no network or script.
struct SVGChart {
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
        var step = false
        var dashed = false
        /// Points without a line (a scatter).
        var markersOnly = false
    }

    static let palette = ["#1b6ac9", "#d9480f", "#2b8a3e", "#862e9c", "#c92a2a", "#5f3dc4", "#e67700", "#495057"]

    var title: String
    var xLabel: String
    var yLabel: String
    var width = 720.0, height = 320.0
    var right = 150.0
    let left = 64.0, top = 36.0, bottom = 46.0

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Round tick values covering `lo...hi`.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = (lo / step).rounded(.down) * step, out: [Double] = []
        while t <= hi + step * 1e-9 { if t >= lo - step * 1e-9 { out.append(t) }; t += step }
        return out
    }

    static func label(_ v: Double) -> String {
        abs(v) >= 1000 ? String(format: "%.0f", v) : (v == v.rounded() ? String(format: "%.0f", v) : String(format: "%.2g", v))
    }

    func frame(_ body: String, xTicks: [(Double, String)], yTicks: [Double], y: (Double) -> Double, x: (Double) -> Double, legend: [String]) -> String {
        var s = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Self.escape(title))\">"
        s += "<text x=\"\(left)\" y=\"20\" class=\"title\">\(Self.escape(title))</text>"
        let x0 = left, x1 = width - right, y0 = height - bottom, y1 = top
        for t in yTicks {
            let yy = y(t)
            s += "<line x1=\"\(x0)\" y1=\"\(yy)\" x2=\"\(x1)\" y2=\"\(yy)\" class=\"grid\"/><text x=\"\(x0 - 6)\" y=\"\(yy + 4)\" text-anchor=\"end\">\(Self.label(t))</text>"
        }
        for (v, text) in xTicks {
            s += "<text x=\"\(x(v))\" y=\"\(y0 + 16)\" text-anchor=\"middle\">\(Self.escape(text))</text>"
        }
        s += "<line x1=\"\(x0)\" y1=\"\(y0)\" x2=\"\(x1)\" y2=\"\(y0)\" class=\"axis\"/><line x1=\"\(x0)\" y1=\"\(y0)\" x2=\"\(x0)\" y2=\"\(y1)\" class=\"axis\"/>"
        s += "<text x=\"\((x0 + x1) / 2)\" y=\"\(height - 8)\" text-anchor=\"middle\" class=\"label\">\(Self.escape(xLabel))</text>"
        s += "<text transform=\"translate(14 \((y0 + y1) / 2)) rotate(-90)\" text-anchor=\"middle\" class=\"label\">\(Self.escape(yLabel))</text>"
        s += body
        for (i, name) in legend.enumerated() {
            let ly = top + 8 + Double(i) * 18
            s += "<rect x=\"\(x1 + 14)\" y=\"\(ly - 9)\" width=\"12\" height=\"12\" fill=\"\(Self.palette[i % Self.palette.count])\"/><text x=\"\(x1 + 32)\" y=\"\(ly + 1)\">\(Self.escape(name))</text>"
        }
        return s + "</svg>"
    }

    /// Lines (or steps) over a numeric x axis, with optional horizontal reference lines.
    func lines(_ series: [Series], reference: [(y: Double, label: String)] = [], yRange: ClosedRange<Double>? = nil) -> String {
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) } + reference.map(\.y)
        let xlo = xs.min() ?? 0, xhi = max(xs.max() ?? 1, xlo + 1e-9)
        let ylo = yRange?.lowerBound ?? min(0, ys.min() ?? 0), yhi = yRange?.upperBound ?? max((ys.max() ?? 1) * 1.05, ylo + 1e-9)
        let x = { (v: Double) in self.left + (v - xlo) / (xhi - xlo) * (self.width - self.left - self.right) }
        let y = { (v: Double) in self.height - self.bottom - (v - ylo) / (yhi - ylo) * (self.height - self.top - self.bottom) }
        var body = ""
        for (i, s) in series.enumerated() where !s.points.isEmpty {
            var d = "M\(x(s.points[0].x)),\(y(s.points[0].y))"
            for b in s.points.dropFirst() {
                d += s.step ? " H\(x(b.x)) V\(y(b.y))" : " L\(x(b.x)),\(y(b.y))"
            }
            let color = Self.palette[i % Self.palette.count]
            if s.markersOnly {
                for p in s.points { body += "<circle cx=\"\(x(p.x))\" cy=\"\(y(p.y))\" r=\"3.5\" fill=\"none\" stroke=\"\(color)\"/>" }
                continue
            }
            body += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            if !s.step { for p in s.points { body += "<circle cx=\"\(x(p.x))\" cy=\"\(y(p.y))\" r=\"2.5\" fill=\"\(color)\"/>" } }
        }
        for r in reference {
            body += "<line x1=\"\(left)\" y1=\"\(y(r.y))\" x2=\"\(width - right)\" y2=\"\(y(r.y))\" class=\"reference\"/><text x=\"\(width - right - 4)\" y=\"\(y(r.y) - 4)\" text-anchor=\"end\" class=\"reference-label\">\(Self.escape(r.label))</text>"
        }
        let xt = Self.ticks(xlo, xhi).map { ($0, Self.label($0)) }
        return frame(body, xTicks: xt, yTicks: Self.ticks(ylo, yhi), y: y, x: x, legend: series.map(\.name))
    }

    /// Grouped bars: one group per category, one bar per series (a missing value draws no bar); optional marks per category.
    func bars(categories: [String], series: [(name: String, values: [Double?])], marks: [Double?] = []) -> String {
        let all = series.flatMap(\.values).compactMap { $0 }.filter(\.isFinite) + marks.compactMap { $0 }
        let yhi = max((all.max() ?? 1) * 1.1, 1e-9)
        let plotWidth = width - left - right
        let group = plotWidth / Double(max(categories.count, 1))
        let barWidth = group * 0.8 / Double(max(series.count, 1))
        let y = { (v: Double) in self.height - self.bottom - v / yhi * (self.height - self.top - self.bottom) }
        let x = { (v: Double) in self.left + (v + 0.5) * group }
        var body = ""
        for (c, _) in categories.enumerated() {
            for (i, s) in series.enumerated() {
                guard let v = s.values[c], v.isFinite else { continue }
                let bx = left + Double(c) * group + group * 0.1 + Double(i) * barWidth
                body += "<rect x=\"\(bx)\" y=\"\(y(v))\" width=\"\(barWidth * 0.92)\" height=\"\(max(0, y(0) - y(v)))\" fill=\"\(Self.palette[i % Self.palette.count])\"><title>\(Self.escape(s.name)): \(Self.label(v))</title></rect>"
            }
            if c < marks.count, let m = marks[c] {
                body += "<line x1=\"\(left + Double(c) * group + group * 0.05)\" y1=\"\(y(m))\" x2=\"\(left + Double(c + 1) * group - group * 0.05)\" y2=\"\(y(m))\" class=\"reference\"/>"
            }
        }
        let xt = categories.enumerated().map { (Double($0.offset), $0.element) }
        return frame(body, xTicks: xt, yTicks: Self.ticks(0, yhi), y: y, x: x, legend: series.map(\.name))
    }
}
