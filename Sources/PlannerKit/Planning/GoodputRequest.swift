/// `planner goodput` as the user asked for it: a policy on one fleet (one
/// server type's instances, or a mix of several), co-located or
/// disaggregated, measured against the bound on the same fleet. The library,
/// not the command line, solves the bound and searches a disaggregated split.
public struct GoodputRequest: Sendable {
    public var inputs: PlanningInputs
    public var policy: PolicyID
    /// The fleet measured.
    public var fleet: Fleet
    /// `nil`: the workload's first serving mode.
    public var serving: ServingMode?
    /// Disaggregated: the prefill instances; `nil`: the split with the most goodput, searched from the bound's.
    public var prefillInstances: Int?
    public var tokenBudget = 512
    public var tolerance = 0.02
    public var replications = 1
    public var polyserve = PolyServeOptions()
    public var limits = RunLimits()

    /// Instances of one server type, or of each profile in their order (a mixed fleet).
    public enum Fleet: Sendable {
        case instances(Int)
        case mix([Int])
    }

    public init(inputs: PlanningInputs, policy: PolicyID, fleet: Fleet) {
        self.inputs = inputs
        self.policy = policy
        self.fleet = fleet
    }

    /// A request whose flags do not fit its inputs (a usage error), or a fleet with no goodput to measure.
    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        case fleet(FleetMismatch)
        case disaggregatedOnSeveralTypes
        case disaggregatedTooSmall
        case prefillLeavesNoDecode(instances: Int)
        case noGoodput(instances: Int)

        /// Whether the request itself is wrong (the flags), rather than its outcome.
        public var isUsage: Bool { if case .noGoodput = self { false } else { true } }

        public var description: String {
            switch self {
            case let .fleet(mismatch): mismatch.description
            case .disaggregatedOnSeveralTypes:
                "disaggregated serving is planned on one server type; give one profile and --instances"
            case .disaggregatedTooSmall:
                "a disaggregated fleet needs at least 2 instances (one prefill, one decode)"
            case let .prefillLeavesNoDecode(n):
                "--prefill-instances must leave at least one of the \(n) instances for decode"
            case let .noGoodput(n):
                "the bound finds no goodput on \(n) instances: no scale of the mix meets every tier's target"
            }
        }
    }

    /// Measures the goodput; throws ``Failure`` for a request that does not fit its inputs.
    public func run() throws -> GoodputReport {
        let w = inputs.workload, profiles = inputs.profiles
        let names = profiles.map(\.metadata.serverType)
        let instances: Int, mix: [Int]?
        switch fleet {
        case .instances(let n): (instances, mix) = (n, nil)
        case .mix(let counts): (instances, mix) = (counts.reduce(0, +), counts)
        }
        let mode = serving ?? w.serving[0]
        do {
            try FleetMismatch.check(mix: mix, fixedSize: true, profiles: names)
            try FleetMismatch.check(prefillInstances: prefillInstances, serving: mode)
        } catch { throw Failure.fleet(error) }
        var options = BoundProblem.Options()
        if mode == .disaggregated {
            guard mix == nil else { throw Failure.disaggregatedOnSeveralTypes }
            guard instances >= 2 else { throw Failure.disaggregatedTooSmall }
            options.disaggregation = try inputs.disaggregation()
        }
        let objective: BoundProblem.Objective = mix.map { .goodputOnMix($0) } ?? .goodput(instances: instances)
        let bounds = try FleetGoodput.Bounds.solve(workload: w, profiles: profiles, objective: objective, options: options)
        let bound = bounds.perTier
        guard let upper = bound.scale, upper > 0, bounds.overall?.scale != nil else { throw Failure.noGoodput(instances: instances) }
        var run = ReplicatedRun(workload: w, profiles: profiles, mix: mix, policy: policy,
                                replications: Replications(count: replications, baseSeed: w.seed))
        run.limits = limits
        run.polyserve = polyserve
        run.staticTokenBudget = tokenBudget
        var split: FleetGoodput.Split? = nil
        if let d = options.disaggregation {
            run.disaggregation = d
            if let given = prefillInstances {
                guard (1..<instances).contains(given) else { throw Failure.prefillLeavesNoDecode(instances: instances) }
                split = .fixed(given)
            } else {
                split = .best(start: bound.prefillInstances ?? 1, maximum: PlanRunner.defaultMaximumInstances)
            }
        }
        let g = try FleetGoodput.measure(run, instances: instances, bounds: bounds, search: GoodputSearch(tolerance: tolerance), split: split)
        let overall = g.overall!
        var report = GoodputReport(policy: policy, instances: instances, replications: replications, seeds: run.replications.seeds,
                                   goodputRps: g.goodputRps, boundGoodputRps: g.boundGoodputRps, ratioToBound: g.ratioToBound,
                                   overallGoodputRps: overall.goodputRps, overallBoundGoodputRps: g.overallBoundGoodputRps,
                                   overallRatioToBound: g.overallRatioToBound, steps: g.perTier.steps, overallSteps: overall.steps, serving: mode,
                                   prefillInstances: g.prefillInstances)
        report.fleet = mix.map { zip($0, names).map { "\($0) × \($1)" }.joined(separator: " + ") } ?? "\(instances) instances"
        report.splitGiven = prefillInstances != nil
        report.boundPrefillInstances = bound.prefillInstances
        report.tierNames = w.tiers.map(\.name)
        report.totalRate = w.totalRate
        report.boundPerTierGoodputRps = bound.goodputRps ?? 0
        return report
    }
}
