import Profiling

/// The cheapest fleet of several server types (dollars per hour) found by
/// local search at which a policy meets every tier's target in every
/// replication.
///
/// Screen, then confirm, as ``FleetSearch`` does, over mixes instead of sizes.
/// From a starting mix (the cost-optimal bound's, or a single type's fleet):
/// 1. grow: while the first seed misses, add servers (5 % of the fleet, at
///    least one) of the type the binding tier's bin scales up with first;
/// 2. descend: try every move that saves money, largest saving first:
///    remove one server of a type, or swap one for a server of a cheaper
///    type; take the first that still meets with the first seed, and repeat
///    until none does;
/// 3. confirm with every replication, adding one server of the binding
///    tier's type while one misses.
/// The answer met the target in every replication and no single removal or
/// swap to a cheaper type met it with the first seed. It is a local optimum,
/// not a proven one: the bound's cost is the floor it is compared with.
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
        let profiles = run.profiles
        precondition(start.count == profiles.count)
        let order = run.scaleUpOrder ?? .cheapestPerCapacity(workload: run.workload, profiles: profiles)
        let levels = TierTable(workload: run.workload).level
        let price = profiles.map { Double($0.metadata.gpusPerInstance) * $0.metadata.pricePerGPUHour }
        let cost = { (m: [Int]) in zip(m, price).reduce(0) { $0 + Double($1.0) * $1.1 } }
        let screen = run.screen
        var steps: [Step] = []
        var screened: [[Int]: ReplicatedRun.Evaluation] = [:]
        func screenAt(_ m: [Int], _ phase: Step.Phase) throws -> ReplicatedRun.Evaluation {
            if let known = screened[m] { return known }
            let e = try screen.on(m).evaluate(instances: nil)
            screened[m] = e
            steps.append(Step(origin: origin, phase: phase, mix: m, dollarsPerHour: cost(m), meets: e.meets, replications: e.results.count,
                              bindingTier: e.meets ? nil : e.tiers.binding?.tier))
            return e
        }
        /// The type the most-missing tier's bin scales up with first.
        func typeToAdd(_ e: ReplicatedRun.Evaluation) -> Int {
            let tier = e.tiers.indices.min { (e.tiers[$0].margin ?? -.infinity) < (e.tiers[$1].margin ?? -.infinity) } ?? 0
            return order.types[levels[tier]][0]
        }

        var mix = start
        if mix.reduce(0, +) == 0 { mix[order.types[0][0]] = 1 }
        // 1. Grow until the screen meets.
        while true {
            let e = try screenAt(mix, .grow)
            if e.meets { break }
            let total = mix.reduce(0, +)
            if total >= maximum { return (nil, e, steps) }
            mix[typeToAdd(e)] += min(maximum - total, max(1, total / 20))
        }
        // 2. Descend while a cheaper neighbour meets.
        descent: while true {
            var moves: [(saving: Double, mix: [Int])] = []
            for g in mix.indices where mix[g] > 0 {
                var removed = mix
                removed[g] -= 1
                if removed.reduce(0, +) > 0 { moves.append((price[g], removed)) }
                for h in mix.indices where price[h] < price[g] {
                    var swapped = mix
                    swapped[g] -= 1
                    swapped[h] += 1
                    moves.append((price[g] - price[h], swapped))
                }
            }
            // Largest saving first; ties in a fixed order, so the search is deterministic.
            moves.sort { $0.saving != $1.saving ? $0.saving > $1.saving : $0.mix.lexicographicallyPrecedes($1.mix) }
            for move in moves where try screenAt(move.mix, .descend).meets {
                mix = move.mix
                continue descent
            }
            break
        }
        // 3. Confirm with every replication.
        while true {
            let confirmed = try run.on(mix).evaluate(instances: nil)
            steps.append(Step(origin: origin, phase: .confirm, mix: mix, dollarsPerHour: cost(mix), meets: confirmed.meets,
                              replications: confirmed.results.count, bindingTier: confirmed.meets ? nil : confirmed.tiers.binding?.tier))
            if confirmed.meets { return (Outcome(mix: mix, dollarsPerHour: cost(mix), atMix: confirmed), confirmed, steps) }
            if mix.reduce(0, +) >= maximum { return (nil, confirmed, steps) }
            mix[typeToAdd(confirmed)] += 1
        }
    }
}
