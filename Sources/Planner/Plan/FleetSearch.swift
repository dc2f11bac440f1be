import Profiling

/// The smallest fixed fleet on which a policy meets the attainment target at
/// the forecast rate: start at the bound's sizing (no policy needs fewer),
/// double until the target is met, then bisect. Assumes attainment does not
/// fall as servers are added, which holds for every policy here up to noise.
struct FleetSearch {
    var workload: Workload
    var profile: LatencyProfile
    var policy: String
    var staticBudget = 512
    var maximum = 4096

    func attainment(_ instances: Int) throws -> SimulationResult {
        var config = SimulationConfig(instances: instances, staticTokenBudget: staticBudget)
        config.seed = workload.seed
        var sim = try Simulation(workload: workload, profile: profile, policy: policy, config: config)
        return sim.run()
    }

    /// Returns the fleet and the result there, or `nil` when even `maximum` instances miss the target.
    func run(from lower: Int) throws -> (instances: Int, result: SimulationResult)? {
        var lo = max(1, lower) - 1  // largest size known to miss (or below the bound)
        var hi = max(1, lower)
        var best: SimulationResult
        while true {
            let r = try attainment(hi)
            if r.attainment >= workload.attainmentTarget { best = r; break }
            lo = hi
            if hi >= maximum { return nil }
            hi = min(maximum, hi * 2)
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            let r = try attainment(mid)
            if r.attainment >= workload.attainmentTarget { hi = mid; best = r } else { lo = mid }
        }
        return (hi, best)
    }
}
