import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// No simulated policy beats either bound on any bundled workload: slightly
/// above the work-conserving bound's goodput (every tier at its target), some
/// tier of every policy misses; slightly above the overall bound's, overall
/// attainment misses. The clairvoyant bound is never below the work-conserving
/// one, so it is never beaten either.
@Suite struct BoundPropertyTests {
    static let bundled = ["polyserve-paper", "chat", "code-completion", "long-context", "polyserve-burst"]

    @Test(.slow, arguments: bundled)
    func noPolicyBeatsTheBounds(_ name: String) throws {
        var w = try WorkloadLoader.load(path: Repository.workload(name))
        w.runLength = .requests(4000)
        w.warmupSeconds = 20
        let profile = try ProfileFormat.read(path: w.profilePaths[0])
        let instances = 4
        func bound(_ admission: BoundProblem.Admission, _ rule: BoundProblem.AttainmentRule) throws -> Double {
            var options = BoundProblem.Options()
            options.admission = admission
            options.attainment = rule
            return try #require(try BoundProblem(workload: w, profiles: [profile], objective: .goodput(instances: instances), options: options).solve().scale)
        }
        let perTier = try bound(.workConserving, .perTier), overall = try bound(.workConserving, .overall)
        #expect(try bound(.clairvoyant, .perTier) >= perTier - 1e-9)
        #expect(try bound(.clairvoyant, .overall) >= overall - 1e-9)
        for policy in PolicyID.allCases {
            for (scale, criterion) in [(perTier, AttainmentCriterion.everyTier), (overall, .overall)] {
                var config = SimulationConfig(instances: instances, rateScale: scale * 1.02)
                config.seed = w.seed
                var sim = try Simulation(workload: w, profile: profile, policy: policy, config: config)
                let r = sim.run()
                #expect(r.measured > 0)
                #expect(!ReplicatedRun.meets(r, workload: w, criterion: criterion),
                        "\(policy) meets the \(criterion) target at 1.02× the bound on \(name): \(r.tiers.map { $0.attainment ?? -1 })")
            }
        }
    }
}
