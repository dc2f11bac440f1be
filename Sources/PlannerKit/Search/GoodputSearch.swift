import Profiling

/// The largest common scale of the mix at which a policy meets the target in
/// every replication.
///
/// Screen, then confirm. Bisection on the scale in `[known, upper]` with the
/// first replication's seed, where `upper` is the bound's goodput scale (no
/// policy can exceed it) and `known` a scale already seen to meet (0 by
/// default), until the bracket is narrower than `tolerance · upper` (2 % by
/// default). The lower end is then run with every replication; while one
/// misses, the scale steps down by `tolerance · upper`. The answer met the
/// target in every replication, and a scale one step above it missed in some.
/// Attainment is assumed to fall as load grows; where noise breaks that, the
/// answer is within the tolerance of a scale that met the target.
public struct GoodputSearch: Sendable {
    /// Tolerances below this would only chase simulation noise (and might never end).
    public static let minimumTolerance = 1e-4
    /// At most this many bisection steps, whatever the tolerance.
    public static let maximumSteps = 40

    public var tolerance: Double

    public init(tolerance: Double = 0.02) { self.tolerance = max(tolerance, Self.minimumTolerance) }

    public struct Step: Sendable, Codable {
        public var scale: Double
        public var meets: Bool
        /// Worst replication's overall attainment, and each tier's worst.
        public var attainment: Double?
        public var tierAttainment: [Double?]
    }

    public struct Outcome: Sendable, Codable {
        public var policy: PolicyID
        public var instances: Int
        public var criterion: AttainmentCriterion
        public var goodputRps: Double
        public var scale: Double
        public var upperScale: Double
        public var steps: [Step]
    }

    public func run(_ base: ReplicatedRun, instances: Int, upperScale: Double, criterion: AttainmentCriterion,
                    known: Double = 0) throws -> Outcome {
        var lo = min(max(0, known), upperScale), hi = upperScale
        var steps: [Step] = []
        func step(_ run: ReplicatedRun, _ scale: Double) throws -> Bool {
            let e = try run.evaluate(instances: instances, rateScale: scale, criterion: criterion)
            steps.append(Step(scale: scale, meets: e.meets, attainment: e.worstOverall, tierAttainment: e.tiers.map(\.worst)))
            return e.meets
        }
        let screen = base.screen
        while hi - lo > tolerance * upperScale, steps.count < Self.maximumSteps {
            let mid = (lo + hi) / 2
            if try step(screen, mid) { lo = mid } else { hi = mid }
        }
        // Confirm with every replication (one is the screen's seed, run again only when there is one replication).
        while lo > known, base.replications.count > 1, steps.count < 2 * Self.maximumSteps, try !step(base, lo) {
            lo = max(known, lo - tolerance * upperScale)
        }
        return Outcome(policy: base.policy, instances: instances, criterion: criterion, goodputRps: lo * base.workload.totalRate,
                       scale: lo, upperScale: upperScale, steps: steps)
    }

    /// `goodput` as a share of a bound's goodput; `nil` without a positive bound.
    public static func share(_ goodput: Double, of bound: Double?) -> Double? {
        bound.flatMap { $0 > 0 ? goodput / $0 : nil }
    }
}
