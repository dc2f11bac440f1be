import Profiling

/// The largest rate scale at which a policy's attainment reaches the target.
///
/// Bisection on the scale in `[0, upper]`, where `upper` is the bound's
/// goodput scale (no policy can exceed it): each step simulates the whole
/// workload at the midpoint. It stops when the bracket is narrower than
/// `tolerance · upper` (2 % by default), and reports the lower end, the
/// largest scale seen to meet the target. Attainment is assumed to fall as
/// load grows; where noise breaks that, the answer is within the tolerance
/// of a scale that met the target.
public struct GoodputSearch {
    public var tolerance = 0.02

    public struct Outcome: Sendable, Codable {
        public var policy: String
        public var instances: Int
        public var goodputRps: Double
        public var scale: Double
        public var upperScale: Double
        public var steps: [[Double]]
    }

    public init(tolerance: Double = 0.02) { self.tolerance = tolerance }

    public func run(workload: Workload, profile: LatencyProfile, policy: String, instances: Int,
                    upperScale: Double, staticBudget: Int = 512) throws -> Outcome {
        var lo = 0.0, hi = upperScale
        var steps: [[Double]] = []
        while hi - lo > tolerance * upperScale {
            let mid = (lo + hi) / 2
            var config = SimulationConfig(instances: instances, staticTokenBudget: staticBudget, rateScale: mid)
            config.seed = workload.seed
            var sim = try Simulation(workload: workload, profile: profile, policy: policy, config: config)
            let attainment = sim.run().attainment
            steps.append([mid, attainment])
            if attainment >= workload.attainmentTarget { lo = mid } else { hi = mid }
        }
        return Outcome(policy: policy, instances: instances, goodputRps: lo * workload.totalRate, scale: lo, upperScale: upperScale, steps: steps)
    }
}
