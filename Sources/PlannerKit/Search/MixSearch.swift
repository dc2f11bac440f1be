import Profiling

/// The cheapest fleet of several server types (dollars per hour) found by
/// local search at which a policy meets every tier's target in every
/// replication.
///
/// A ``ScreenedSearch`` over ``FleetMixes`` from a starting mix (the
/// cost-optimal bound's, or a single type's fleet), with its steps logged for
/// the report. The answer met the target in every replication and no single
/// removal or swap to a cheaper type met it with the first seed.
public struct MixSearch: Sendable {
    public var run: ReplicatedRun
    /// The largest fleet tried, in instances.
    public var maximum = 4096

    public init(run: ReplicatedRun, maximum: Int = 4096) {
        self.run = run
        self.maximum = maximum
    }

    public struct Step: Sendable, Codable, Equatable {
        public enum Phase: String, Sendable, Codable { case grow, descend, confirm }
        /// Where this search started (`bound`, or a single type's fleet).
        public var origin: String
        public var phase: Phase
        public var mix: [Int]
        public var dollarsPerHour: Double
        public var meets: Bool
        /// Replications run (1 for a screen).
        public var replications: Int
        public var bindingTier: String?
    }

    public struct Outcome: Sendable, Codable {
        public var mix: [Int]
        public var dollarsPerHour: Double
        /// Every replication at `mix`.
        public var atMix: ReplicatedRun.Evaluation
    }

    /// Dollars per hour of `mix`.
    public static func dollarsPerHour(_ mix: [Int], profiles: [LatencyProfile]) -> Double {
        zip(mix, profiles).reduce(0) { $0 + Double($1.0 * $1.1.metadata.gpusPerInstance) * $1.1.metadata.pricePerGPUHour }
    }

    /// The outcome (`nil` when no mix up to `maximum` instances meets), the
    /// evaluation at the last mix tried, and every step.
    public func search(from start: [Int], origin: String = "bound") throws -> (outcome: Outcome?, lastTried: ReplicatedRun.Evaluation, steps: [Step]) {
        let space = FleetMixes(run: run, maximum: maximum)
        let found = try ScreenedSearch(space: space).run(from: start)
        let steps = found.steps.map { step in
            Step(origin: origin, phase: Step.Phase(rawValue: step.phase.rawValue)!, mix: step.point, dollarsPerHour: space.dollarsPerHour(step.point),
                 meets: step.verdict.meets, replications: step.verdict.replicationsRun, bindingTier: step.verdict.bindingTier)
        }
        let outcome = found.point.map { Outcome(mix: $0, dollarsPerHour: space.dollarsPerHour($0), atMix: found.verdict) }
        return (outcome, found.verdict, steps)
    }
}
