import Foundation
import Profiling

/// Plans a fleet of several server types (GPU types and/or tensor-parallel
/// shapes of one model): the bound's cost-optimal mix; each type alone
/// (``FleetSearch``); the cheapest mix PolyServe meets every tier on, searched
/// (``MixSearch``) from the bound's mix and from the cheapest single-type
/// fleet; the plan is the cheapest of them.
/// On the planned fleet: every policy at the forecast rates and its goodput
/// against the bound on that composition; cost per tier and per type by the
/// busy time each tier used on each type.
public struct MixedPlanRunner: Sendable {
    public var workload: Workload
    public var profiles: [LatencyProfile]
    public var inputs: [PlanInput]
    public var settings: PlanSettings
    public var progress: any PlanProgress

    public init(workload: Workload, profiles: [LatencyProfile], inputs: [PlanInput], settings: PlanSettings,
                progress: any PlanProgress = SilentProgress()) {
        self.workload = workload
        self.profiles = profiles
        self.inputs = inputs
        self.settings = settings
        self.progress = progress
    }

    /// With default settings but for the threads and the replications.
    public init(workload: Workload, profiles: [LatencyProfile], inputs: [PlanInput], jobs: Int, replications: Int = 5,
                progress: any PlanProgress = SilentProgress()) {
        self.init(workload: workload, profiles: profiles, inputs: inputs, settings: PlanSettings(jobs: jobs, replications: replications), progress: progress)
    }

    public var replications: Replications { Replications(count: settings.replications, baseSeed: workload.seed) }

    func bound(_ objective: BoundProblem.Objective, on profiles: [LatencyProfile]) throws -> BoundSolution {
        var options = BoundProblem.Options()
        options.admission = .workConserving
        options.attainment = .perTier
        return try BoundProblem(workload: workload, profiles: profiles, objective: objective, options: options).solve()
    }

    func replicated(_ policy: PolicyID, order: ScaleUpOrder?, on profiles: [LatencyProfile]? = nil) -> ReplicatedRun {
        settings.replicated(policy, workload: workload, profiles: profiles ?? self.profiles, scaleUpOrder: order)
    }

    /// The cheapest mix with every type's latencies scaled to both edges of
    /// the band (``LatencyRange/band(of:)-swift.type.method``), each searched
    /// from the planned mix up to ``LatencyRange/ceilingFactor`` times its size.
    func latencyRange(planMix: [Int], order: ScaleUpOrder) throws -> LatencyRange {
        let (band, validated) = LatencyRange.band(of: profiles)
        let ceiling = LatencyRange.ceilingFactor * planMix.reduce(0, +)
        let edges = try [1 - band, 1 + band].map { f in try profiles.map { try $0.scaled(by: f) } }
        let found = try parallelMap(edges, jobs: settings.jobs) { [self] edge in
            try MixSearch(run: replicated(.polyserve, order: order, on: edge), maximum: ceiling).search(from: planMix, origin: "latency edge").outcome?.mix
        }
        let gpus = { (mix: [Int]) in zip(mix, self.profiles).reduce(0) { $0 + $1.0 * $1.1.metadata.gpusPerInstance } }
        let dollars = { (mix: [Int]) in MixSearch.dollarsPerHour(mix, profiles: self.profiles) * PlanRunner.hoursPerMonth }
        return LatencyRange(band: band, validated: validated, searchCeiling: ceiling,
                            lowInstances: found[0].map { $0.reduce(0, +) }, highInstances: found[1].map { $0.reduce(0, +) },
                            lowGpus: found[0].map(gpus), highGpus: found[1].map(gpus),
                            dollarsPerMonthLow: found[0].map(dollars), dollarsPerMonthHigh: found[1].map(dollars),
                            lowMix: found[0], highMix: found[1])
    }

    enum Task: Sendable { case mixed([Int]), single(Int, from: Int) }
    enum Outcome: Sendable {
        case mixed(MixSearch.Outcome?, ReplicatedRun.Evaluation, [MixSearch.Step])
        case single(Int, FleetSearch.Outcome?, ReplicatedRun.Evaluation)
    }

    /// - Throws: ``PlanError`` when no fleet meets every tier; ``BoundError``
    ///   for a tier no type can serve.
    public func run() throws -> MixedPlan {
        let start = DispatchTime.now().uptimeNanoseconds
        let progress = self.progress
        let maximum = settings.limits.instances
        let names = profiles.map(\.metadata.serverType)

        progress.begin("bounds: cost-optimal mix and each type alone", units: profiles.count + 1)
        let mixBound = try bound(.sizing(byCost: true), on: profiles)
        progress.advance()
        guard mixBound.hasSolution else { throw PlanError.noBound(mixBound.status.rawValue) }
        var singleBounds: [(BoundSolution?, String?)] = []
        for p in profiles {
            do {
                let b = try bound(.sizing(byCost: true), on: [p])
                singleBounds.append(b.hasSolution ? (b, nil) : (nil, "the bound has no solution on this type alone (\(b.status.rawValue))"))
            } catch let error as BoundError {
                singleBounds.append((nil, error.description))
            }
            progress.advance()
        }
        let boundMix = profiles.indices.map { g in mixBound.bins.reduce(0) { $0 + ($1.instances[names[g]] ?? 0) } }
        let order = ScaleUpOrder.fromBound(mixBound, workload: workload, profiles: profiles)

        var tasks: [Task] = [.mixed(boundMix)]
        for g in profiles.indices { if let b = singleBounds[g].0 { tasks.append(.single(g, from: b.totalInstances)) } }
        progress.begin("simulate: cheapest mix and each type alone × \(replications.count) replications", units: tasks.count)
        let outcomes = try parallelMap(tasks, jobs: settings.jobs) { [self] task -> Outcome in
            defer { progress.advance() }
            switch task {
            case .mixed(let from):
                let found = try MixSearch(run: replicated(.polyserve, order: order), maximum: maximum).search(from: from)
                return .mixed(found.outcome, found.lastTried, found.steps)
            case let .single(g, lower):
                let run = settings.replicated(.polyserve, workload: workload, profiles: [profiles[g]])
                let found = try FleetSearch(run: run, maximum: maximum).search(from: lower)
                return .single(g, found.outcome, found.lastTried)
            }
        }
        var candidates: [MixSearch.Outcome] = []
        var lastMixed: ReplicatedRun.Evaluation? = nil
        var steps: [MixSearch.Step] = []
        var singles: [Int: (FleetSearch.Outcome?, ReplicatedRun.Evaluation)] = [:]
        for outcome in outcomes {
            switch outcome {
            case let .mixed(found, last, s): candidates += found.map { [$0] } ?? []; lastMixed = last; steps = s
            case let .single(g, found, last): singles[g] = (found, last)
            }
        }
        let fleet = { (mix: [Int], tiers: [TierSLA]) -> MixedPlan.Fleet in
            let dollars = MixSearch.dollarsPerHour(mix, profiles: profiles)
            return MixedPlan.Fleet(mix: mix, gpus: zip(mix, profiles).reduce(0) { $0 + $1.0 * $1.1.metadata.gpusPerInstance },
                                   dollarsPerHour: dollars, dollarsPerMonth: dollars * PlanRunner.hoursPerMonth, tiers: tiers)
        }
        let singleTypes = profiles.indices.map { g -> MixedPlan.SingleType in
            let (b, error) = singleBounds[g]
            var mix = Array(repeating: 0, count: profiles.count)
            guard let (found, last) = singles[g] else {
                return .init(type: names[g], bound: b, boundError: error, fleet: nil, reason: error)
            }
            guard let found else {
                let binding = last.tiers.binding
                return .init(type: names[g], bound: b, boundError: error, fleet: nil,
                             reason: "no fleet of up to \(maximum) instances meets every tier (tier '\(binding?.tier ?? "-")' at \(binding?.worst.map { fmt($0 * 100, 2) + " %" } ?? "nothing measured"))")
            }
            mix[g] = found.instances
            return .init(type: names[g], bound: b, boundError: error, fleet: fleet(mix, found.atFleet.tiers), reason: nil)
        }
        let best = singleTypes.indices.filter { singleTypes[$0].fleet != nil }.min { singleTypes[$0].fleet!.dollarsPerHour < singleTypes[$1].fleet!.dollarsPerHour }
        // A second descent from the cheapest single type: the bound's mix may
        // lead to a local optimum that one type alone beats.
        if let best, let alone = singleTypes[best].fleet {
            progress.begin("simulate: cheaper mixes from \(names[best]) alone", units: 1)
            let found = try MixSearch(run: replicated(.polyserve, order: order), maximum: maximum).search(from: alone.mix, origin: "\(names[best]) alone")
            steps += found.steps
            if let outcome = found.outcome { candidates.append(outcome) }
            progress.advance()
        }
        guard let cheapest = candidates.min(by: { $0.dollarsPerHour < $1.dollarsPerHour }) ?? best.map({ g in
            MixSearch.Outcome(mix: singleTypes[g].fleet!.mix, dollarsPerHour: singleTypes[g].fleet!.dollarsPerHour, atMix: singles[g]!.0!.atFleet)
        }) else {
            let tier = lastMixed?.tiers.binding
            throw PlanError.noFleet(policy: .polyserve, maximum: maximum, tier: tier?.tier ?? "-", worst: tier?.worst, target: tier?.target ?? 0)
        }
        let searchedFleet = fleet(cheapest.mix, cheapest.atMix.tiers)
        // The plan: the cheapest mix found; a single type's own fleet when it is cheaper still (a single type is a mix too).
        let planMix: [Int]
        if let best, singleTypes[best].fleet!.dollarsPerHour < cheapest.dollarsPerHour { planMix = singleTypes[best].fleet!.mix } else { planMix = cheapest.mix }
        let used = planMix.indices.filter { planMix[$0] > 0 }
        let chosen = used.count == 1 ? names[used[0]] : "mixed"

        progress.begin("every policy on the planned mix", units: settings.policies.count + 1)
        let goodputBound = try bound(.goodputOnMix(planMix), on: profiles)
        progress.advance()
        let search = GoodputSearch(tolerance: settings.goodputTolerance)
        let total = planMix.reduce(0, +)
        let onFleet = FleetGoodput.Bounds(perTier: goodputBound, overall: nil)
        let onMix = try parallelMap(settings.policies, jobs: settings.jobs) { [self] policy -> (ReplicatedRun.Evaluation, GoodputSearch.Outcome) in
            defer { progress.advance() }
            let run = replicated(policy, order: order).on(planMix)
            let atRate = try run.evaluate(instances: nil, stopAtFirstMiss: false)
            return (atRate, try FleetGoodput.measure(run, instances: total, bounds: onFleet, search: search).perTier)
        }
        var range: LatencyRange? = nil
        if settings.searchesLatencyRange {
            progress.begin("simulate: the cheapest mix at both edges of the latency band", units: 1)
            range = try latencyRange(planMix: planMix, order: order)
            progress.advance()
        }
        progress.finish()
        let polyserveIndex = settings.policies.firstIndex(of: .polyserve)!
        let atPlan = onMix[polyserveIndex].0
        let planFleet = fleet(planMix, atPlan.tiers)
        let finance = MixedFinance(workload: workload, profiles: profiles, mix: planMix, results: atPlan.results)
        let m = profiles.map(\.metadata)
        return MixedPlan(
            header: PlanHeader(kind: .mixed, workload: workload, settings: settings, inputs: inputs, startedAt: start),
            workload: workload.summary(),
            types: m.map { .init(name: $0.serverType, profile: ProfileSummary($0), dollarsPerInstanceHour: Double($0.gpusPerInstance) * $0.pricePerGPUHour) },
            attainmentTarget: workload.attainmentTarget, hoursPerMonth: PlanRunner.hoursPerMonth, bound: mixBound, boundMix: boundMix,
            scaleUpOrder: order.types.map { $0.map { names[$0] } }, searched: searchedFleet, singleTypes: singleTypes, bestSingleType: best,
            plan: planFleet, chosen: chosen,
            savingAgainstType: singleTypes.map { s in s.fleet.map { 1 - planFleet.dollarsPerHour / $0.dollarsPerHour } },
            savingAgainstBestSingle: best.map { 1 - planFleet.dollarsPerHour / singleTypes[$0].fleet!.dollarsPerHour },
            typePlans: finance.typePlans(bound: mixBound), tiers: finance.tierPlans(at: atPlan),
            goodputBound: goodputBound,
            policies: zip(settings.policies, onMix).map { policy, r in
                MixedPlan.PolicyOnMix(policy: policy, tiers: r.0.tiers, meetsEveryTier: r.0.meets, goodputRps: r.1.goodputRps,
                                      ratioToBound: GoodputSearch.share(r.1.goodputRps, of: goodputBound.goodputRps))
            },
            steps: steps, polyserveAtPlan: atPlan.results[0], latencyRange: range)
    }
}
