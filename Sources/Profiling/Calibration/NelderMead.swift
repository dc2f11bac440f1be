import Foundation

/// Minimises a function of a few bounded variables with the Nelder–Mead simplex.
///
/// Each variable lives in a closed range; the simplex moves in an
/// unbounded space mapped onto the ranges by a logistic function, so every
/// point it evaluates is inside them and a fitted value can sit at a bound
/// only by approaching it. Deterministic: no random restarts.
public struct NelderMead: Sendable {
    public var ranges: [ClosedRange<Double>]
    public var maximumEvaluations = 4000
    /// Stop when the simplex's values differ by less than this.
    public var tolerance = 1e-9

    public init(ranges: [ClosedRange<Double>]) { self.ranges = ranges }

    func toBounded(_ u: [Double]) -> [Double] {
        zip(u, ranges).map { u, r in r.lowerBound + (r.upperBound - r.lowerBound) / (1 + Foundation.exp(-u)) }
    }

    func toFree(_ x: [Double]) -> [Double] {
        zip(x, ranges).map { x, r in
            let t = min(max((x - r.lowerBound) / (r.upperBound - r.lowerBound), 1e-6), 1 - 1e-6)
            return Foundation.log(t / (1 - t))
        }
    }

    /// The point in the ranges with the smallest `f` found from `start`. O(evaluations · variables).
    public func minimise(_ f: ([Double]) -> Double, from start: [Double]) -> (point: [Double], value: Double) {
        let n = start.count
        var simplex = [toFree(start)]
        for i in 0..<n {
            var p = simplex[0]
            p[i] += 0.5
            simplex.append(p)
        }
        var values = simplex.map { f(toBounded($0)) }
        var evaluations = values.count
        while evaluations < maximumEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if values[n] - values[0] < tolerance { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in simplex.dropLast() { for i in 0..<n { centroid[i] += p[i] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1), fr = f(toBounded(reflected))
            evaluations += 1
            if fr < values[0] {
                let expanded = along(-2), fe = f(toBounded(expanded))
                evaluations += 1
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let contracted = fr < values[n] ? along(-0.5) : along(0.5)
                let fc = f(toBounded(contracted))
                evaluations += 1
                if fc < min(fr, values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for j in 1...n {
                        simplex[j] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[j][$0] - simplex[0][$0]) }
                        values[j] = f(toBounded(simplex[j]))
                    }
                    evaluations += n
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return (toBounded(simplex[best]), values[best])
    }
}
