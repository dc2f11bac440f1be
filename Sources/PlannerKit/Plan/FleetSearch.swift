/// The smallest fixed fleet on which a policy meets every tier's target in
/// every replication at the forecast rate.
///
/// Screen, then confirm. With the first replication's seed alone: start at
/// the bound's sizing, double until the target is met, then bisect between
/// the largest size seen to miss and the smallest seen to meet. Then confirm
/// that size with every replication, adding one instance while any misses.
/// Attainment need not be monotone in fleet size (noise, the order in which
/// servers fill), so the answer `n` is only reported with `n − 1` run and seen
/// to miss in some replication: if the size below the starting point was
/// never run, it is run, and should it meet, the search continues below it.
/// Screening makes each failing size cost one run and each passing size one
/// run until the last, which costs one per replication.
public struct FleetSearch: Sendable {
    public var run: ReplicatedRun
    /// The largest fleet tried, in instances.
    public var maximum = 4096

    public init(run: ReplicatedRun, maximum: Int = 4096) {
        self.run = run
        self.maximum = maximum
    }

    public struct Outcome: Sendable, Codable {
        public var instances: Int
        /// Every replication at `instances`.
        public var atFleet: ReplicatedRun.Evaluation
        /// At `instances − 1`, up to its first missing replication; `nil` when `instances` is 1.
        public var below: ReplicatedRun.Evaluation?
        /// The tier furthest below its target one instance below the answer.
        public var bindingTier: String?
    }

    /// The outcome, or `nil` when even `maximum` instances miss; then
    /// `lastTried` holds the evaluation at the largest size.
    public func search(from lower: Int) throws -> (outcome: Outcome?, lastTried: ReplicatedRun.Evaluation) {
        let screen = run.screen
        var screened: [Int: ReplicatedRun.Evaluation] = [:]
        func screenAt(_ n: Int) throws -> ReplicatedRun.Evaluation {
            if let known = screened[n] { return known }
            let e = try screen.evaluate(instances: n)
            screened[n] = e
            return e
        }
        var hi = min(max(1, lower), maximum)
        var lo = hi - 1  // the largest size known (or, before it is run, assumed) to miss
        while true {
            let e = try screenAt(hi)
            if e.meets { break }
            lo = hi
            if hi >= maximum { return (nil, e) }
            hi = min(maximum, hi * 2)
        }
        while true {
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if try screenAt(mid).meets { hi = mid } else { lo = mid }
            }
            // The neighbour below the answer must have been seen to miss.
            guard lo >= 1, screened[lo] == nil else { break }
            if try screenAt(lo).meets { hi = lo; lo = 0 } else { break }
        }
        var below = lo >= 1 ? screened[lo] : nil
        while true {
            let confirmed = try run.evaluate(instances: hi)
            if confirmed.meets {
                return (Outcome(instances: hi, atFleet: confirmed, below: below, bindingTier: below?.tiers.binding?.tier), confirmed)
            }
            if hi >= maximum { return (nil, confirmed) }
            below = confirmed
            hi += 1
        }
    }
}
