@testable import PlannerKit
import Profiling

enum TestSimulations {
    /// Runs `w` on `p` to the last request (no drain cut-off), checking the
    /// simulator's invariants at every event and at the end.
    /// Tests about outcomes rather than bookkeeping pass `checksInvariants: false`:
    /// the check at every event is most of a debug run's time.
    static func run(_ w: Workload, _ p: LatencyProfile, _ policy: PolicyID, instances: Int?, scale: Double = 0.3, budget: Int = 512,
                    checksInvariants: Bool = true) throws -> SimulationResult {
        var config = SimulationConfig(instances: instances, staticTokenBudget: budget, rateScale: scale)
        config.drainSeconds = 1e9
        config.checkInvariants = checksInvariants
        var sim = try Simulation(workload: w, profile: p, policy: policy, config: config)
        let result = sim.run()
        if checksInvariants { sim._checkInvariants() }
        return result
    }
}
