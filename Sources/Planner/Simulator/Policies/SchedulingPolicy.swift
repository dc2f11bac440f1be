/// A routing and batching policy. Policies are registered by name in ``PolicyRegistry``.
protocol SchedulingPolicy {
    /// Whether servers start in an idle pool and are taken into bins on demand.
    var autoscales: Bool { get }
    /// Whether a request may wait in its bin's router queue (otherwise it is always routed).
    var queuesInRouter: Bool { get }
    /// Tokens (decodes plus prefill) the instance may run in its next iteration.
    func tokenBudget(_ instance: Instance, fleet: Fleet) -> Double
    /// The instance for `slot`, or `nil` to leave it waiting in its bin's queue.
    mutating func route(_ slot: Slot, fleet: inout Fleet) -> Int?
    /// Prepares a fixed fleet of `instances` (assigning bins for partitioned policies).
    mutating func prepare(_ fleet: inout Fleet, workload: Workload)
}

extension SchedulingPolicy {
    func prepare(_ fleet: inout Fleet, workload: Workload) {}
}

/// The policies by name, for the command line and reports.
public enum PolicyRegistry {
    public static let names = ["polyserve", "random", "minimal", "co-chunk", "partitioned"]

    static func make(_ name: String, seed: UInt64, staticBudget: Int) -> (any SchedulingPolicy)? {
        switch name {
        case "polyserve": PolyServePolicy()
        case "random": RandomPolicy(rng: SeededGenerator(seed: seed, stream: 9), budget: Double(staticBudget))
        case "minimal": MinimalPolicy(budget: Double(staticBudget))
        case "co-chunk": CoChunkPolicy(budget: Double(staticBudget))
        case "partitioned": PartitionedPolicy()
        default: nil
        }
    }
}

/// Dynamic chunking: the largest token batch that keeps the iteration within
/// the tightest TPOT on the instance, at its current KV.
func dynamicBudget(_ instance: Instance, fleet: Fleet) -> Double {
    guard let tpot = instance.tightestTPOT else { return 0 }
    return fleet.profile.largestTokenBatch(withinMs: tpot * 1000, kvTokens: Double(instance.kvUsed))
}
