import Foundation
import Profiling

/// The simulator's event loop timed on one thread: the same workload and
/// fleet run `repeats` times, and the median run reported, so one noisy
/// run does not make the figure.
public struct SimulatorThroughput: Sendable {
    public var workload: Workload
    public var profile: LatencyProfile
    public var policy: PolicyID
    public var instances: Int
    public var repeats: Int

    public init(workload: Workload, profile: LatencyProfile, policy: PolicyID, instances: Int, repeats: Int) {
        self.workload = workload
        self.profile = profile
        self.policy = policy
        self.instances = instances
        self.repeats = max(repeats, 1)
    }

    /// Every run, fastest first; the median is `runs[runs.count / 2]`.
    ///
    /// - Complexity: `repeats` simulations of the workload's run length.
    public func run() throws -> [SimulationResult] {
        var runs: [SimulationResult] = []
        for _ in 0..<repeats {
            var sim = try Simulation(workload: workload, profile: profile, policy: policy, config: SimulationConfig(instances: instances))
            runs.append(sim.run())
        }
        return runs.sorted { $0.wallSeconds < $1.wallSeconds }
    }

    /// The median's wall time, rates and memory, and every run's wall time.
    public static func consoleSummary(_ runs: [SimulationResult]) -> String {
        let r = runs[runs.count / 2]
        return "median of \(runs.count): \(fmt(r.wallSeconds, 2)) s wall, \(fmt(Double(r.arrived) / r.wallSeconds, 0)) requests/s, \(fmt(Double(r.events) / r.wallSeconds, 0)) events/s; all runs: \(runs.map { fmt($0.wallSeconds, 2) }.joined(separator: ", ")) s\n"
            + "peak resident memory \(BenchmarkMachine.peakResidentMB) MB; attainment \(percent(r.attainment)) %"
    }
}
