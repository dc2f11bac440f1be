/// The questions a sweep answers, from its finished scenarios whose plan
/// meets every tier (a plan that misses a target has no price worth quoting).
extension SweepMerge {
    /// Scenarios that hold the same values on every axis but some: one line of a chart or a table.
    public struct Group: Sendable {
        /// The other axes' values, readable (`rate_scale=1.5 profile=h200-…`); empty when there are none.
        public var label: String
        /// The group's rows in the varied axis's file order.
        public var rows: [Row]
    }

    /// Rows that planned and meet every tier.
    public var signable: [Row] { finished.filter { $0.total?.meetsTarget == true } }
    /// The cheapest and the dearest signable scenario.
    public var cheapest: Row? { signable.min { $0.dollarsPerMonth! < $1.dollarsPerMonth! } }
    public var dearest: Row? { signable.max { $0.dollarsPerMonth! < $1.dollarsPerMonth! } }

    /// The signable rows grouped by every axis except `varied`, groups and rows in manifest order.
    public func groups(varying varied: [SweepAxis]) -> [Group] {
        let others = axes.filter { !varied.contains($0) }
        var order: [String] = [], byLabel: [String: [Row]] = [:]
        for row in signable {
            let label = others.compactMap { a in row.scenario.value(a).map { "\(a.key)=\($0)" } }.joined(separator: " ")
            if byLabel[label] == nil { order.append(label) }
            byLabel[label, default: []].append(row)
        }
        return order.map { Group(label: $0, rows: byLabel[$0]!) }
    }

    /// Whether `a` is a tighter service level than `b` on `axis` (a smaller TPOT or TTFT, a higher attainment target).
    static func tighter(_ a: Double, than b: Double, on axis: SweepAxis) -> Bool {
        if case .attainmentTarget = axis { a > b } else { a < b }
    }

    /// One step of a service-level axis: what tightening it from one value to the next costs.
    public struct SLAStep: Sendable, Equatable {
        public var group: String
        public var from: Double, to: Double
        public var dollarsFrom: Double, dollarsTo: Double
        /// Dollars per month the step adds (negative: it saves, within the search's noise).
        public var dollarsPerMonth: Double { dollarsTo - dollarsFrom }
    }

    /// The cost of each step along a service-level `axis`, loosest to
    /// tightest, in each group of the other axes (steps whose either end
    /// failed or missed a target are left out).
    public func slaSteps(along axis: SweepAxis) -> [SLAStep] {
        groups(varying: [axis]).flatMap { g -> [SLAStep] in
            let points = g.rows.compactMap { r in r.scenario.value(axis)?.number.flatMap { x in r.dollarsPerMonth.map { (x, $0) } } }
                .sorted { Self.tighter($1.0, than: $0.0, on: axis) }
            return zip(points, points.dropFirst()).map { SLAStep(group: g.label, from: $0.0, to: $1.0, dollarsFrom: $0.1, dollarsTo: $1.1) }
        }
    }

    /// The cheapest profile choice in each group of the other axes (each growth step, say).
    public struct Cheapest: Sendable {
        public var group: String
        /// Each profile value's dollars per month, in the axis's order (`nil`: failed or missed a target).
        public var dollars: [(profile: String, dollarsPerMonth: Double?)]
        public var cheapest: String
    }

    /// ``Cheapest`` for every group, when the sweep has a `profile` axis.
    public func cheapestProfiles() -> [Cheapest] {
        guard axes.contains(.profiles) else { return [] }
        let values = uniqueValues(.profiles)
        return groups(varying: [.profiles]).compactMap { g in
            let dollars = values.map { v in (v.description, g.rows.first { $0.scenario.value(.profiles) == v }?.dollarsPerMonth) }
            guard let best = dollars.filter({ $0.1 != nil }).min(by: { $0.1! < $1.1! }) else { return nil }
            return Cheapest(group: g.label, dollars: dollars, cheapest: best.0)
        }
    }

    /// The values `axis` takes, in first-seen order.
    public func uniqueValues(_ axis: SweepAxis) -> [SweepValue] {
        var seen: [SweepValue] = []
        for r in rows { if let v = r.scenario.value(axis), !seen.contains(v) { seen.append(v) } }
        return seen
    }

    /// The service-level axis a Pareto chart plots: the TPOT axis reaching
    /// the tightest value (the premium tier's), else the first service-level axis.
    public var tightestServiceAxis: SweepAxis? {
        let tpots = axes.filter { if case .tpot = $0 { true } else { false } }
        let lowest = { (a: SweepAxis) in self.uniqueValues(a).compactMap(\.number).min() ?? .infinity }
        return tpots.min { lowest($0) < lowest($1) } ?? axes.first(where: \.isServiceLevel)
    }

    /// The scenarios no other beats on both cost and `axis`'s tightness,
    /// within each group of the demand (`rate_scale`): every other axis is a
    /// choice the planner may make, the demand is given. Tightest first.
    public func paretoFronts(along axis: SweepAxis) -> [Group] {
        let demand = axes.filter { $0 == .rateScale }
        return groups(varying: axes.filter { !demand.contains($0) }).map { g in
            let points = g.rows.compactMap { r in r.scenario.value(axis)?.number.flatMap { x in r.dollarsPerMonth.map { (row: r, x: x, cost: $0) } } }
            let front = points.filter { p in
                !points.contains { q in
                    let asTight = q.x == p.x || Self.tighter(q.x, than: p.x, on: axis)
                    return asTight && q.cost <= p.cost && (q.x != p.x || q.cost < p.cost)
                }
            }
            // One scenario per distinct point: ties keep the first in manifest order.
            var kept: [(row: Row, x: Double, cost: Double)] = []
            for p in front where !kept.contains(where: { $0.x == p.x && $0.cost == p.cost }) { kept.append(p) }
            return Group(label: g.label, rows: kept.sorted { Self.tighter($0.x, than: $1.x, on: axis) }.map(\.row))
        }
    }
}
