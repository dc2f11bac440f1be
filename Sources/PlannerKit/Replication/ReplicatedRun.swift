import Profiling

/// What counts as meeting the attainment target.
public enum AttainmentCriterion: String, Sendable, Codable {
    /// Every tier at its own target in every replication (the plan's rule).
    case everyTier = "every_tier"
    /// All requests together at the workload's target in every replication (the paper's goodput).
    case overall
}

/// One fleet, policy and rate simulated over several seeds.
public struct ReplicatedRun: Sendable {
    public var workload: Workload
    /// The server types; one for a single-type fleet.
    public var profiles: [LatencyProfile]
    /// With several profiles: the fixed fleet's instances of each (an
    /// evaluation's `instances` is then ignored).
    public var mix: [Int]?
    /// With several profiles: the type each bin scales up with.
    public var scaleUpOrder: ScaleUpOrder?
    public var policy: PolicyID
    public var replications: Replications
    public var staticTokenBudget = 512
    public var provisioningDelay = 0.0
    public var limits = RunLimits()
    public var polyserve = PolyServeOptions()
    /// Disaggregated serving: the prefill pool's parameters and how many of a
    /// fleet's instances are prefill instances; `nil`: co-located.
    public var disaggregation: Disaggregation?
    public var prefillSplit = PrefillSplit.share(0.5)

    public init(workload: Workload, profile: LatencyProfile, policy: PolicyID, replications: Replications) {
        self.init(workload: workload, profiles: [profile], policy: policy, replications: replications)
    }

    public init(workload: Workload, profiles: [LatencyProfile], mix: [Int]? = nil, scaleUpOrder: ScaleUpOrder? = nil,
                policy: PolicyID, replications: Replications) {
        self.workload = workload
        self.profiles = profiles
        self.mix = mix
        self.scaleUpOrder = scaleUpOrder
        self.policy = policy
        self.replications = replications
    }

    /// The same run on the fleet `mix` (instances of each profile).
    public func on(_ mix: [Int]) -> ReplicatedRun {
        var copy = self
        copy.mix = mix
        return copy
    }

    /// The same run with only the first seed: a cheap screen before confirming with all of them.
    public var screen: ReplicatedRun {
        var copy = self
        copy.replications.seeds = [replications.seeds[0]]
        return copy
    }

    /// The replications' results and whether they meet the target.
    public struct Evaluation: Sendable, Codable {
        /// One per replication run; fewer than the replications when the run stopped at the first miss.
        public var results: [SimulationResult]
        public var meets: Bool
        /// Per tier over `results`.
        public var tiers: [TierSLA]
        /// Overall attainment of the worst replication.
        public var worstOverall: Double?
    }

    /// Simulates seed by seed; with `stopAtFirstMiss`, a replication that
    /// misses ends the evaluation (the worst case can only get worse), which
    /// makes failing points cost one run.
    public func evaluate(instances: Int?, rateScale: Double = 1, criterion: AttainmentCriterion = .everyTier,
                         stopAtFirstMiss: Bool = true) throws -> Evaluation {
        var results: [SimulationResult] = []
        var meets = true
        for seed in replications.seeds {
            var config = SimulationConfig(instances: mix == nil ? instances : nil, staticTokenBudget: staticTokenBudget, rateScale: rateScale, seed: seed)
            config.mix = mix
            config.scaleUpOrder = scaleUpOrder
            if let disaggregation {
                let (prefill, decode) = prefillSplit.split(instances)
                config.disaggregation = disaggregation
                config.prefillInstances = prefill
                config.instances = decode
            }
            config.limits = limits
            config.polyserve = polyserve
            config.provisioningDelay = provisioningDelay
            var simulation = try Simulation(workload: workload, profiles: profiles, policy: policy, config: config)
            let result = simulation.run()
            results.append(result)
            if !Self.meets(result, workload: workload, criterion: criterion) {
                meets = false
                if stopAtFirstMiss { break }
            }
        }
        let targets = workload.tierTargets
        return Evaluation(results: results, meets: meets,
                          tiers: targets.indices.map { TierSLA(tier: $0, of: results, target: targets[$0]) },
                          worstOverall: results.map { $0.attainment ?? 0 }.min())
    }

    /// Whether one run meets the criterion; a tier with nothing measured does not.
    public static func meets(_ r: SimulationResult, workload: Workload, criterion: AttainmentCriterion) -> Bool {
        switch criterion {
        case .everyTier:
            zip(r.tiers, workload.tierTargets).allSatisfy { tier, target in (tier.attainment ?? -1) >= target - 1e-12 }
        case .overall:
            (r.attainment ?? -1) >= workload.attainmentTarget - 1e-12
        }
    }
}

/// How a disaggregated fleet of `n` instances divides into prefill and decode instances.
public enum PrefillSplit: Sendable, Codable, Equatable {
    /// This many prefill instances whatever the fleet (a goodput search on a fixed fleet).
    case fixed(Int)
    /// This share of the fleet, rounded, at least one of each (a fleet-size search).
    case share(Double)

    /// `(prefill, decode)` for a fleet of `instances` (`nil`: an unbounded decode pool).
    public func split(_ instances: Int?) -> (prefill: Int, decode: Int?) {
        switch self {
        case .fixed(let p):
            return (p, instances.map { max(1, $0 - p) })
        case .share(let share):
            guard let n = instances else { return (1, nil) }
            let p = min(max(1, Int((Double(n) * share).rounded())), max(1, n - 1))
            return (p, max(1, n - p))
        }
    }
}
