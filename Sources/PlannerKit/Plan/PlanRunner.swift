import Foundation
import Profiling

/// Runs the steps of a plan: the bounds' sizing; PolyServe autoscaled; the
/// smallest fleet per policy at which every tier meets its target in every
/// replication; each policy's goodput on a common fleet against the bounds;
/// and cost by consumption. Simulations that do not depend on each other run
/// on `jobs` threads; each is seeded on its own, so the plan equals a serial run's.
public struct PlanRunner: Sendable {
    public static let hoursPerMonth = 730.0

    public var workload: Workload
    public var profile: LatencyProfile
    public var inputs: [PlanInput]
    public var settings: PlanSettings
    public var progress: any PlanProgress
    /// Disaggregated serving: every bound, simulation and search on split prefill and decode pools; `nil`: co-located.
    public var disaggregation: Disaggregation?
    public static let defaultMaximumInstances = PlanSettings.defaultMaximumInstances

    public init(workload: Workload, profile: LatencyProfile, inputs: [PlanInput], settings: PlanSettings,
                progress: any PlanProgress = SilentProgress()) {
        self.workload = workload
        self.profile = profile
        self.inputs = inputs
        self.settings = settings
        self.progress = progress
    }

    /// With default settings but for the threads and the replications.
    public init(workload: Workload, profile: LatencyProfile, inputs: [PlanInput], jobs: Int, replications: Int = 5,
                progress: any PlanProgress = SilentProgress()) {
        self.init(workload: workload, profile: profile, inputs: inputs, settings: PlanSettings(jobs: jobs, replications: replications), progress: progress)
    }

    /// The seeds every simulation of the plan runs with.
    public var replications: Replications { Replications(count: settings.replications, baseSeed: workload.seed) }

    enum Task: Sendable { case autoscaled, fleet(PolicyID, from: Int) }
    enum Outcome: Sendable {
        case autoscaled(SimulationResult)
        case fleet(PolicyID, FleetSearch.Outcome?, ReplicatedRun.Evaluation, prefill: Int?)
    }

    func bound(_ objective: BoundProblem.Objective, _ admission: BoundProblem.Admission,
               _ attainment: BoundProblem.AttainmentRule = .perTier) throws -> BoundSolution {
        var options = BoundProblem.Options()
        options.admission = admission
        options.attainment = attainment
        options.disaggregation = disaggregation
        return try BoundProblem(workload: workload, profiles: [profile], objective: objective, options: options).solve()
    }

    func replicated(_ policy: PolicyID, on profile: LatencyProfile? = nil) -> ReplicatedRun {
        settings.replicated(policy, workload: workload, profiles: [profile ?? self.profile], disaggregation: disaggregation)
    }

    /// The smallest fleet of `policy`: over sizes (co-located), or over
    /// prefill and decode counts from the bound's split (disaggregated).
    func smallestFleet(_ policy: PolicyID, sizing: BoundSolution, on profile: LatencyProfile? = nil, from start: Int? = nil,
                       maximum: Int? = nil) throws -> (FleetSearch.Outcome?, ReplicatedRun.Evaluation, prefill: Int?) {
        let maximum = min(maximum ?? settings.limits.instances, settings.limits.instances)
        guard disaggregation != nil else {
            let found = try FleetSearch(run: replicated(policy, on: profile), maximum: maximum).search(from: start ?? sizing.totalInstances)
            return (found.outcome, found.lastTried, nil)
        }
        let p = sizing.prefillInstances ?? 1
        let found = try SplitSearch(run: replicated(policy, on: profile), maximum: maximum)
            .smallestFleet(from: .init(prefill: p, decode: sizing.totalInstances - p))
        let outcome = found.outcome.map { FleetSearch.Outcome(instances: $0.fleet.total, atFleet: $0.atFleet, below: nil, bindingTier: $0.bindingTier) }
        return (outcome, found.lastTried, found.outcome?.fleet.prefill)
    }


    /// PolyServe's smallest fleet with the profile's latencies at both edges
    /// of its band. Each search starts at the plan's fleet, which is near the
    /// answer, so it costs a few screened runs and one confirmation; it
    /// stops at ``LatencyRange/ceilingFactor`` times the plan's fleet (a tier
    /// the slow edge cannot serve at any size would otherwise search to the limit).
    func latencyRange(sizing: BoundSolution, planned: Int) throws -> LatencyRange {
        let (band, validated) = LatencyRange.band(of: profile)
        let edges = try [1 - band, 1 + band].map { try profile.scaled(by: $0) }
        let ceiling = LatencyRange.ceilingFactor * planned
        let found = try parallelMap(edges, jobs: settings.jobs) { [self] edge in
            try smallestFleet(.polyserve, sizing: sizing, on: edge, from: planned, maximum: ceiling).0?.instances
        }
        let gpus = profile.metadata.gpusPerInstance
        let finance = Finance(workload: workload, profile: profile, hoursPerMonth: Self.hoursPerMonth)
        return LatencyRange(band: band, validated: validated, searchCeiling: ceiling, lowInstances: found[0], highInstances: found[1],
                            lowGpus: found[0].map { $0 * gpus }, highGpus: found[1].map { $0 * gpus },
                            dollarsPerMonthLow: found[0].map(finance.dollarsPerMonth), dollarsPerMonthHigh: found[1].map(finance.dollarsPerMonth))
    }

    /// - Throws: ``PlanError/noFleet(policy:maximum:tier:worst:target:)`` when PolyServe finds no fleet;
    ///   ``BoundError`` for a tier no bin can serve.
    public func run() throws -> Plan {
        let start = DispatchTime.now().uptimeNanoseconds
        let progress = self.progress

        progress.begin("bounds: sizing", units: 2)
        let sizing = try bound(.sizing(byCost: false), .workConserving)
        progress.advance()
        let sizingClairvoyant = try bound(.sizing(byCost: false), .clairvoyant)
        progress.advance()

        let tasks: [Task] = [.autoscaled] + settings.policies.map { .fleet($0, from: sizing.totalInstances) }
        progress.begin("simulate: smallest fleet per policy × \(replications.count) replications", units: tasks.count)
        let maximum = settings.limits.instances
        let outcomes = try parallelMap(tasks, jobs: settings.jobs) { [self] task -> Outcome in
            defer { progress.advance() }
            switch task {
            case .autoscaled:
                var config = SimulationConfig(instances: nil)
                config.seed = replications.seeds[0]
                config.limits = settings.limits
                config.polyserve = settings.polyserve
                config.disaggregation = disaggregation
                config.prefillInstances = sizing.prefillInstances ?? 1
                var sim = try Simulation(workload: workload, profile: profile, policy: .polyserve, config: config)
                return .autoscaled(sim.run())
            case let .fleet(policy, _):
                let found = try smallestFleet(policy, sizing: sizing)
                return .fleet(policy, found.0, found.1, prefill: found.prefill)
            }
        }
        var autoscaled: SimulationResult? = nil
        var fleets: [PolicyID: (outcome: FleetSearch.Outcome?, last: ReplicatedRun.Evaluation)] = [:]
        var fleetPrefill: [PolicyID: Int] = [:]
        for outcome in outcomes {
            switch outcome {
            case .autoscaled(let r):
                if r.poolLimitReached { throw PlanError.poolLimit(maximum) }
                autoscaled = r
            case let .fleet(policy, found, last, prefill):
                fleets[policy] = (found, last)
                if let prefill { fleetPrefill[policy] = prefill }
            }
        }
        guard let polyserve = fleets[.polyserve]?.outcome else {
            let last = fleets[.polyserve]!.last
            let tier = last.tiers.binding!
            throw PlanError.noFleet(policy: .polyserve, maximum: maximum, tier: tier.tier, worst: tier.worst, target: tier.target)
        }
        let common = polyserve.instances

        progress.begin("goodput on \(common) instances", units: settings.policies.count + 3)
        let goodputBound = try bound(.goodput(instances: common), .workConserving)
        progress.advance()
        let goodputClairvoyant = try bound(.goodput(instances: common), .clairvoyant)
        progress.advance()
        let goodputOverall = try bound(.goodput(instances: common), .workConserving, .overall)
        progress.advance()
        let bounds = Plan.Bounds(sizing: sizing, sizingClairvoyant: sizingClairvoyant, goodput: goodputBound,
                                 goodputClairvoyant: goodputClairvoyant, goodputOverall: goodputOverall)
        let search = GoodputSearch(tolerance: settings.goodputTolerance)
        let onFleet = FleetGoodput.Bounds(perTier: goodputBound, overall: goodputOverall)
        // Disaggregated, each policy at its own best split of the common fleet, the same split for both goodputs.
        let split = disaggregation.map { _ in FleetGoodput.Split.best(start: goodputBound.prefillInstances ?? 1, maximum: maximum) }
        let goodputs = try parallelMap(settings.policies, jobs: settings.jobs) { [self] policy -> FleetGoodput in
            defer { progress.advance() }
            return try FleetGoodput.measure(replicated(policy), instances: common, bounds: onFleet, search: search, split: split)
        }
        let range = settings.searchesLatencyRange ? try latencyRange(sizing: sizing, planned: common) : nil
        progress.finish()

        let gpusPerInstance = profile.metadata.gpusPerInstance
        let ratio = GoodputSearch.share
        let policyPlans = zip(settings.policies, goodputs).map { policy, g in
            let (found, last) = fleets[policy]!
            let evaluation = found?.atFleet ?? last
            return Plan.PolicyPlan(
                policy: policy, fleetInstances: found?.instances, fleetGpus: found.map { $0.instances * gpusPerInstance },
                fleetPrefillInstances: fleetPrefill[policy], goodputPrefillInstances: g.prefillInstances,
                tiers: evaluation.tiers, bindingTier: found?.bindingTier, consumptionShares: Finance.shares(evaluation.results),
                goodputRps: g.goodputRps, overallGoodputRps: g.overall?.goodputRps ?? 0,
                ratioToBound: g.ratioToBound,
                ratioToClairvoyantBound: ratio(g.goodputRps, goodputClairvoyant.goodputRps),
                overallRatioToBound: g.overallRatioToBound,
                curve: g.perTier.steps.map { [$0.scale * workload.totalRate, $0.tierAttainment.map { $0 ?? 0 }.min() ?? 0] }.sorted { $0[0] < $1[0] })
        }
        let finance = Finance(workload: workload, profile: profile, hoursPerMonth: Self.hoursPerMonth,
                              autoscaledPrefillInstances: autoscaled!.prefillInstances ?? 0)
        let baselines = policyPlans.filter { $0.policy != .polyserve }
        let tierPlans = finance.tiers(bounds: bounds, autoscaled: autoscaled!, planned: common, at: polyserve.atFleet, baselines: baselines)
        return Plan(
            header: PlanHeader(kind: .single, workload: workload, settings: settings, inputs: inputs, startedAt: start),
            workload: workload.summary(),
            profile: ProfileSummary(profile.metadata),
            attainmentTarget: workload.attainmentTarget, hoursPerMonth: Self.hoursPerMonth, bounds: bounds, commonFleet: common,
            bindingTier: polyserve.bindingTier, autoscaled: autoscaled!, polyserveAtFleet: polyserve.atFleet.results[0],
            policies: policyPlans, tiers: tierPlans, total: finance.total(of: tierPlans, fleet: common, bounds: bounds, baselines: baselines),
            serving: disaggregation == nil ? .colocated : .disaggregated, disaggregation: disaggregation,
            prefillInstances: fleetPrefill[.polyserve], latencyRange: range)
    }
}
