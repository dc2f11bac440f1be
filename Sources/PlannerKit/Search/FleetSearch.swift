/// The smallest fixed fleet on which a policy meets every tier's target in
/// every replication at the forecast rate.
///
/// A ``ScreenedSearch`` over ``FleetSizes``: from the bound's sizing, double
/// until the first seed meets, bisect down to a size whose neighbour below
/// was seen to miss, then confirm with every replication, adding one
/// instance while any misses.
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
        let found = try ScreenedSearch(space: FleetSizes(run: run, maximum: maximum)).run(from: lower)
        guard let instances = found.point else { return (nil, found.verdict) }
        // The last miss is the size below the answer: the descent ends with it seen to miss, and a confirmation that misses is one below.
        return (Outcome(instances: instances, atFleet: found.verdict, below: found.lastMiss, bindingTier: found.lastMiss?.tiers.binding?.tier),
                found.verdict)
    }
}
