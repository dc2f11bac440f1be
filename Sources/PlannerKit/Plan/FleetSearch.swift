/// The smallest fixed fleet on which a policy meets every tier's target in
/// every replication at the forecast rate.
///
/// Starts at the bound's sizing, doubles until the target is met, then
/// bisects between the largest size seen to miss and the smallest seen to
/// meet. Attainment need not be monotone in fleet size (noise, the order in
/// which servers fill), so the answer `n` is only reported with `n − 1` tested
/// and seen to miss: if the size below the starting point was never run, it
/// is run, and should it meet, the search continues below it.
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
        /// At `instances − 1` (stopped at its first missing replication); `nil` when `instances` is 1.
        public var below: ReplicatedRun.Evaluation?
        /// The tier that fails first one instance below the answer.
        public var bindingTier: String?
    }

    /// The outcome, or `nil` when even `maximum` instances miss; then
    /// `lastTried` holds the evaluation at the largest size.
    public func search(from lower: Int) throws -> (outcome: Outcome?, lastTried: ReplicatedRun.Evaluation) {
        var tried: [Int: ReplicatedRun.Evaluation] = [:]
        func evaluate(_ n: Int) throws -> ReplicatedRun.Evaluation {
            if let known = tried[n] { return known }
            let e = try run.evaluate(instances: n)
            tried[n] = e
            return e
        }
        var hi = min(max(1, lower), maximum)
        var lo = hi - 1  // the largest size known (or, before it is run, assumed) to miss
        while true {
            let e = try evaluate(hi)
            if e.meets { break }
            lo = hi
            if hi >= maximum { return (nil, e) }
            hi = min(maximum, hi * 2)
        }
        while true {
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if try evaluate(mid).meets { hi = mid } else { lo = mid }
            }
            // The neighbour below the answer must have been seen to miss.
            guard lo >= 1, tried[lo] == nil else { break }
            if try evaluate(lo).meets { hi = lo; lo = 0 } else { break }
        }
        let below = lo >= 1 ? tried[lo] : nil
        let atFleet = try run.evaluate(instances: hi, stopAtFirstMiss: false)
        return (Outcome(instances: hi, atFleet: atFleet, below: below, bindingTier: below?.tiers.binding?.tier), atFleet)
    }
}
