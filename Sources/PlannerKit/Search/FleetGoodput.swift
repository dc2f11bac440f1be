import Profiling

/// A policy's goodput on one fleet against the bound on that same fleet: the
/// one computation behind `plan`, a mixed plan, the policy suite and
/// `goodput`.
///
/// Goodput is the largest common scale of the mix at which every tier meets
/// its own target in every replication (``GoodputSearch``), times the
/// forecast rate; the overall goodput holds all requests together to the
/// workload's target. Each is capped by, and divided by, the work-conserving
/// bound's goodput on the fleet under the same rule.
public struct FleetGoodput: Sendable, Codable {
    /// Every tier at its own target.
    public var perTier: GoodputSearch.Outcome
    /// All requests together at the workload's target; `nil` where it was not asked for.
    public var overall: GoodputSearch.Outcome?
    /// The bound's goodput under each rule, in requests per second.
    public var boundGoodputRps: Double?
    public var overallBoundGoodputRps: Double?
    /// Disaggregated: the prefill instances of the split measured.
    public var prefillInstances: Int?

    public var goodputRps: Double { perTier.goodputRps }
    public var ratioToBound: Double? { GoodputSearch.share(perTier.goodputRps, of: boundGoodputRps) }
    public var overallRatioToBound: Double? { overall.flatMap { GoodputSearch.share($0.goodputRps, of: overallBoundGoodputRps) } }

    /// The bounds on one fleet under both attainment rules.
    public struct Bounds: Sendable {
        public var perTier: BoundSolution
        /// `nil` where only the per-tier goodput is measured.
        public var overall: BoundSolution?

        public init(perTier: BoundSolution, overall: BoundSolution?) {
            self.perTier = perTier
            self.overall = overall
        }

        /// Solves the work-conserving bound on the fleet `objective` names
        /// (``BoundProblem/Objective/goodput(instances:)`` or a mix) per tier and,
        /// with `overall`, for all requests together.
        public static func solve(workload: Workload, profiles: [LatencyProfile], objective: BoundProblem.Objective,
                                 options: BoundProblem.Options = .init(), overall: Bool = true) throws -> Bounds {
            var options = options
            options.admission = .workConserving
            options.attainment = .perTier
            let perTier = try BoundProblem(workload: workload, profiles: profiles, objective: objective, options: options).solve()
            guard overall else { return Bounds(perTier: perTier, overall: nil) }
            options.attainment = .overall
            return Bounds(perTier: perTier, overall: try BoundProblem(workload: workload, profiles: profiles, objective: objective, options: options).solve())
        }
    }

    /// Where a disaggregated run's prefill instances come from.
    public enum Split: Sendable {
        /// As given.
        case fixed(Int)
        /// The split with the most per-tier goodput, hill-climbed from `start` (``SplitSearch/bestGoodput(instances:start:upperScale:search:)``).
        case best(start: Int, maximum: Int)
    }

    /// Measures `run`'s policy on `instances` (a mix's total where `run` is on a
    /// mix) against `bounds`. A disaggregated run needs `split`; the overall
    /// search starts from the per-tier answer where every tier's target is at
    /// least the workload's (meeting every tier then meets the overall target).
    public static func measure(_ run: ReplicatedRun, instances: Int, bounds: Bounds, search: GoodputSearch,
                               split: Split? = nil) throws -> FleetGoodput {
        var run = run
        var prefill: Int? = nil
        let perTier: GoodputSearch.Outcome
        let upper = bounds.perTier.scale ?? 0
        switch (run.disaggregation, split) {
        case (nil, _):
            perTier = try search.run(run, instances: instances, upperScale: upper, criterion: .everyTier)
        case let (_, .fixed(p)?):
            run.prefillSplit = .fixed(p)
            prefill = p
            perTier = try search.run(run, instances: instances, upperScale: upper, criterion: .everyTier)
        case let (_, .best(start, maximum)?):
            let best = try SplitSearch(run: run, maximum: maximum).bestGoodput(instances: instances, start: start, upperScale: upper, search: search)
            run.prefillSplit = .fixed(best.prefill)
            prefill = best.prefill
            perTier = best.outcome
        case (_, nil):
            preconditionFailure("a disaggregated run's goodput needs its split")
        }
        var overall: GoodputSearch.Outcome? = nil
        if let overallBound = bounds.overall {
            let w = run.workload
            let implied = w.tierTargets.allSatisfy { $0 >= w.attainmentTarget }
            overall = try search.run(run, instances: instances, upperScale: overallBound.scale ?? 0, criterion: .overall,
                                     known: implied ? perTier.scale : 0)
        }
        return FleetGoodput(perTier: perTier, overall: overall, boundGoodputRps: bounds.perTier.goodputRps,
                            overallBoundGoodputRps: bounds.overall?.goodputRps, prefillInstances: prefill)
    }
}
