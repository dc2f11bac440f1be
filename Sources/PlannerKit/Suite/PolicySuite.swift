import Foundation
import Profiling

/// Every policy's goodput on a set of workloads, each on the fleet the bound
/// sizes for its forecast rate, against the work-conserving bound on that
/// fleet: the policy leaderboard.
///
/// Per workload: the bound sizes the fleet (every tier at its target, by
/// cost); the goodput bound on that fleet caps each search; each policy's
/// goodput (every tier at its target, and overall) is found by
/// ``GoodputSearch``. Workload × policy searches run in parallel.
public struct PolicySuite: Sendable {
    public struct Case: Sendable {
        public var workload: Workload
        public var profile: LatencyProfile
        public init(workload: Workload, profile: LatencyProfile) {
            self.workload = workload
            self.profile = profile
        }
    }

    public var cases: [Case]
    public var policies = PolicyID.allCases
    public var replications = 1
    public var tolerance = 0.02
    public var jobs: Int
    public var limits = RunLimits()
    public var polyserve = PolyServeOptions()

    public init(cases: [Case], jobs: Int) {
        self.cases = cases
        self.jobs = jobs
    }

    /// One policy on one workload.
    public struct Entry: Codable, Sendable {
        public var policy: PolicyID
        /// Every tier at its target (the headline).
        public var goodputRps: Double
        /// All requests together at the workload's target (the paper's definition).
        public var overallGoodputRps: Double
        public var ratioToBound: Double?
        public var overallRatioToBound: Double?
    }

    /// One workload's row of the leaderboard.
    public struct Row: Codable, Sendable {
        public var workload: String
        public var description: String
        public var tiers: Int
        public var gpu: String
        public var model: String
        public var instances: Int
        public var forecastRps: Double
        public var boundGoodputRps: Double
        public var overallBoundGoodputRps: Double
        public var entries: [Entry]
        /// The baseline with the highest goodput.
        public var bestBaseline: PolicyID?
        /// PolyServe's goodput over the best baseline's; `nil` when either is missing or the baseline's is 0.
        public var polyserveOverBestBaseline: Double?
        public var overallPolyserveOverBestBaseline: Double?

        public func entry(_ policy: PolicyID) -> Entry? { entries.first { $0.policy == policy } }
    }

    /// The geometric means over the workloads with two or more tiers.
    public struct Summary: Codable, Sendable {
        public var workloads: Int
        public var polyserveOverBestBaseline: Double?
        public var overallPolyserveOverBestBaseline: Double?
        /// Each policy's geometric-mean ratio to the bound.
        public var ratioToBound: [String: Double]
        /// Workloads where PolyServe's goodput is below the best baseline's.
        public var polyserveBehind: [String]
    }

    public struct Leaderboard: Codable, Sendable {
        public var version: String
        public var replications: Int
        public var tolerance: Double
        public var polyserve: PolyServeOptions
        public var rows: [Row]
        public var multiTier: Summary
        public var wallSeconds: Double
    }

    public func run(progress: any PlanProgress = SilentProgress()) throws -> Leaderboard {
        let start = DispatchTime.now().uptimeNanoseconds
        progress.begin("bound: fleet and goodput bound per workload", units: cases.count)
        let bounds = try parallelMap(cases, jobs: jobs) { c -> (instances: Int, onFleet: FleetGoodput.Bounds) in
            defer { progress.advance() }
            let sizing = try BoundProblem(workload: c.workload, profiles: [c.profile], objective: .sizing(byCost: true)).solve()
            guard sizing.totalInstances > 0 else { throw PolicySuiteError.noFleet(c.workload.name) }
            let n = sizing.totalInstances
            return (n, try FleetGoodput.Bounds.solve(workload: c.workload, profiles: [c.profile], objective: .goodput(instances: n)))
        }
        progress.finish()

        let tasks = cases.indices.flatMap { c in policies.map { (c, $0) } }
        progress.begin("goodput: \(policies.count) policies × \(cases.count) workloads", units: tasks.count)
        let search = GoodputSearch(tolerance: tolerance)
        let outcomes = try parallelMap(tasks, jobs: jobs) { [self] task -> Entry in
            defer { progress.advance() }
            let (c, policy) = task
            let w = cases[c].workload, b = bounds[c]
            var run = ReplicatedRun(workload: w, profile: cases[c].profile, policy: policy,
                                    replications: Replications(count: replications, baseSeed: w.seed))
            run.limits = limits
            run.polyserve = polyserve
            let g = try FleetGoodput.measure(run, instances: b.instances, bounds: b.onFleet, search: search)
            return Entry(policy: policy, goodputRps: g.goodputRps, overallGoodputRps: g.overall?.goodputRps ?? 0,
                         ratioToBound: g.ratioToBound, overallRatioToBound: g.overallRatioToBound)
        }
        progress.finish()

        let rows = cases.indices.map { c -> Row in
            let w = cases[c].workload, b = bounds[c]
            let entries = Array(outcomes[(c * policies.count)..<((c + 1) * policies.count)])
            let baselines = entries.filter { $0.policy != .polyserve }
            let best = baselines.max { $0.goodputRps < $1.goodputRps }
            let bestOverall = baselines.max { $0.overallGoodputRps < $1.overallGoodputRps }
            let polyserve = entries.first { $0.policy == .polyserve }
            return Row(workload: w.name, description: w.description, tiers: w.tiers.count, gpu: cases[c].profile.metadata.gpu,
                       model: cases[c].profile.metadata.model, instances: b.instances, forecastRps: w.totalRate,
                       boundGoodputRps: b.onFleet.perTier.goodputRps ?? 0, overallBoundGoodputRps: b.onFleet.overall?.goodputRps ?? 0,
                       entries: entries, bestBaseline: best?.policy,
                       polyserveOverBestBaseline: polyserve.flatMap { p in best.flatMap { $0.goodputRps > 0 ? p.goodputRps / $0.goodputRps : nil } },
                       overallPolyserveOverBestBaseline: polyserve.flatMap { p in bestOverall.flatMap { $0.overallGoodputRps > 0 ? p.overallGoodputRps / $0.overallGoodputRps : nil } })
        }
        let multi = rows.filter { $0.tiers >= 2 }
        var ratio: [String: Double] = [:]
        for p in policies {
            if let g = Self.geometricMean(multi.map { $0.entry(p)?.ratioToBound }) { ratio[p.rawValue] = g }
        }
        let summary = Summary(workloads: multi.count,
                              polyserveOverBestBaseline: Self.geometricMean(multi.map(\.polyserveOverBestBaseline)),
                              overallPolyserveOverBestBaseline: Self.geometricMean(multi.map(\.overallPolyserveOverBestBaseline)),
                              ratioToBound: ratio,
                              polyserveBehind: multi.filter { ($0.polyserveOverBestBaseline ?? 1) < 1 }.map(\.workload))
        return Leaderboard(version: PlannerVersion.current, replications: replications, tolerance: tolerance,
                           polyserve: polyserve, rows: rows,
                           multiTier: summary, wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// Geometric mean of the positive values; `nil` if any is missing or not positive.
    static func geometricMean(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        guard !present.isEmpty, present.count == values.count, present.allSatisfy({ $0 > 0 }) else { return nil }
        return exp(present.map(log).reduce(0, +) / Double(present.count))
    }
}

public enum PolicySuiteError: Error, CustomStringConvertible {
    case noFleet(String)
    case empty(String)

    public var description: String {
        switch self {
        case .noFleet(let name): "\(name): the bound finds no fleet that carries the forecast rate with every tier at its target"
        case .empty(let folder): "\(folder) holds no workload (*.yaml)"
        }
    }
}
