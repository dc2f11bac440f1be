import Foundation
import Profiling

/// Runs the steps of a plan: the bound's sizing, PolyServe autoscaled, the
/// smallest fleet per policy, goodput on a common fleet, and finance.
/// Simulations that do not depend on each other run on `jobs` threads; each
/// is seeded on its own, so the plan equals a serial run's.
public struct PlanRunner {
    public static let hoursPerMonth = 730.0

    public var workload: Workload
    public var profile: LatencyProfile
    public var inputs: [Plan.Input]
    public var jobs: Int
    public var progress: any PlanProgress
    public var policies = PolicyRegistry.names

    public init(workload: Workload, profile: LatencyProfile, inputs: [Plan.Input], jobs: Int, progress: any PlanProgress) {
        self.workload = workload
        self.profile = profile
        self.inputs = inputs
        self.jobs = jobs
        self.progress = progress
    }

    enum Task: Sendable { case autoscaled, fleet(String, from: Int) }
    enum Outcome: Sendable { case autoscaled(SimulationResult), fleet(String, Int?, SimulationResult?) }

    public func run() throws -> Plan {
        let start = DispatchTime.now().uptimeNanoseconds
        let workload = self.workload, profile = self.profile, progress = self.progress

        progress.begin("bound: sizing", units: 1)
        let bound = try BoundProblem(workload: workload, profiles: [profile], objective: .sizing(byCost: false)).solve()
        progress.advance()

        let tasks: [Task] = [.autoscaled] + policies.map { .fleet($0, from: bound.totalInstances) }
        progress.begin("simulate: smallest fleet per policy", units: tasks.count)
        let outcomes = try parallelMap(tasks, jobs: jobs) { task -> Outcome in
            defer { progress.advance() }
            switch task {
            case .autoscaled:
                var config = SimulationConfig(instances: nil)
                config.seed = workload.seed
                var sim = try Simulation(workload: workload, profile: profile, policy: "polyserve", config: config)
                return .autoscaled(sim.run())
            case let .fleet(policy, lower):
                let found = try FleetSearch(workload: workload, profile: profile, policy: policy).run(from: lower)
                return .fleet(policy, found?.instances, found?.result)
            }
        }
        var autoscaled: SimulationResult! = nil
        var fleets: [String: (Int?, SimulationResult?)] = [:]
        for outcome in outcomes {
            switch outcome {
            case .autoscaled(let r): autoscaled = r
            case let .fleet(policy, n, r): fleets[policy] = (n, r)
            }
        }
        let common = fleets["polyserve"]?.0 ?? bound.totalInstances

        progress.begin("goodput on \(common) instances", units: policies.count + 1)
        let boundAtCommon = try BoundProblem(workload: workload, profiles: [profile], objective: .goodput(instances: common)).solve()
        progress.advance()
        let upper = boundAtCommon.scale ?? 1
        let goodputs = try parallelMap(policies, jobs: jobs) { policy -> GoodputSearch.Outcome in
            defer { progress.advance() }
            return try GoodputSearch().run(workload: workload, profile: profile, policy: policy, instances: common, upperScale: upper)
        }
        progress.finish()

        let policyPlans = zip(policies, goodputs).map { policy, g in
            let (n, r) = fleets[policy] ?? (nil, nil)
            return Plan.PolicyPlan(
                policy: policy, fleetInstances: n, fleetGpus: n.map { $0 * profile.metadata.gpusPerInstance },
                attainment: r?.attainment, tierAttainment: Dictionary(uniqueKeysWithValues: (r?.tiers ?? []).map { ($0.name, $0.attainment) }),
                goodputRps: g.goodputRps, ratioToBound: boundAtCommon.goodputRps.map { $0 > 0 ? g.goodputRps / $0 : 0 } ?? 0,
                curve: g.steps.map { [$0[0] * workload.totalRate, $0[1]] }.sorted { $0[0] < $1[0] })
        }
        let finance = Finance(workload: workload, profile: profile, bound: bound, autoscaled: autoscaled,
                              commonFleet: common, polyserveAtFleet: fleets["polyserve"]?.1, policies: policyPlans)
        let tierPlans = finance.tiers()
        let m = profile.metadata
        return Plan(
            tool: "planner", version: PlannerCommand.version, seed: workload.seed, inputs: inputs,
            workload: workload.summary(), profile: ProfileSummary(name: m.name, gpu: m.gpu, model: m.model, gpusPerInstance: m.gpusPerInstance,
                                                                 kvCapacityTokens: m.kvCapacityTokens, pricePerGpuHour: m.pricePerGPUHour,
                                                                 provenance: m.provenance),
            attainmentTarget: workload.attainmentTarget, hoursPerMonth: Self.hoursPerMonth, bound: bound, commonFleet: common,
            boundAtCommonFleet: boundAtCommon, autoscaled: autoscaled, polyserveAtFleet: fleets["polyserve"]?.1,
            policies: policyPlans, tiers: tierPlans, total: finance.total(of: tierPlans),
            wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
