import Testing
import PlannerTestSupport
@testable import PlannerKit

/// `goodput`'s request refuses what does not fit its inputs before any
/// bound or simulation, each as a usage error naming the rule.
@Suite struct GoodputRequestTests {
    @Test func refusesFleetsThatDoNotFitTheProfiles() throws {
        let one = try PlanningInputs.load(workload: Repository.workload("polyserve-paper"))
        let two = try PlanningInputs.load(workload: Repository.workload("mixed-h200-l40s"))
        func failure(_ request: GoodputRequest) -> GoodputRequest.Failure? {
            do { _ = try request.run(); return nil } catch { return error as? GoodputRequest.Failure }
        }
        #expect(failure(GoodputRequest(inputs: two, policy: .polyserve, fleet: .instances(4))) == .fleet(.mixNeeded(profiles: ["H200", "L40S"])))
        #expect(failure(GoodputRequest(inputs: two, policy: .polyserve, fleet: .mix([4]))) == .fleet(.countsForProfiles(counts: 1, profiles: ["H200", "L40S"])))
        var colocated = GoodputRequest(inputs: one, policy: .polyserve, fleet: .instances(4))
        colocated.prefillInstances = 1
        #expect(failure(colocated) == .fleet(.prefillWhenColocated))
        var tooSmall = GoodputRequest(inputs: one, policy: .polyserve, fleet: .instances(1))
        tooSmall.serving = .disaggregated
        #expect(failure(tooSmall) == .disaggregatedTooSmall)
        #expect(GoodputRequest.Failure.fleet(.mixNeeded(profiles: [])).isUsage && !GoodputRequest.Failure.noGoodput(instances: 1).isUsage)
    }
}
