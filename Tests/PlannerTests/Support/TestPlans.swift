@testable import PlannerKit
import PlannerTestSupport
import Profiling

/// The small single-type plan several suites read: planned once per test
/// process, because a plan is the most expensive thing a test builds.
enum TestPlans {
    /// The paper mix, small, with the tightest tier held to 97 % and the rest to 50 %: the tight tier binds.
    /// (About 98 % is the most it reaches on any fleet: a few long prompts miss a 300 ms TTFT even alone.)
    static func smallWorkload() throws -> Workload {
        var w = try WorkloadLoader.load(path: Repository.workload("polyserve-paper"))
        w.runLength = .requests(1500)
        w.warmupSeconds = 5
        w = w.scaled(by: 0.2)
        w.attainmentTarget = 0.5
        w.tiers[0].attainmentTarget = 0.9
        return w
    }

    /// PolyServe and one baseline: every plan step runs, without a goodput
    /// search for each of the other baselines.
    static func smallPlan(jobs: Int) throws -> Plan {
        let w = try smallWorkload()
        let profile = try ProfileFormat.read(path: w.profilePaths[0])
        var runner = PlanRunner(workload: w, profile: profile, inputs: [], jobs: jobs, replications: 2)
        runner.settings.policies = [.polyserve, .minimal]
        return try runner.run()
    }

    /// One plan shared by the tests that only read it.
    static let shared = Result { try smallPlan(jobs: 2) }
}
