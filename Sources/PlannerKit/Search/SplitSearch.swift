/// Searches over a disaggregated fleet's split into prefill and decode
/// instances, which the simulation decides better than the bound: the bound
/// prices prefill at its best throughput and decode as a fluid, and on the
/// paper mix its split (11 prefill of 20) left PolyServe 104 req/s where 9
/// prefill gave 131.
public struct SplitSearch: Sendable {
    /// A run with ``ReplicatedRun/disaggregation`` set; its split is replaced.
    public var run: ReplicatedRun
    public var maximum: Int

    public init(run: ReplicatedRun, maximum: Int = 4096) {
        precondition(run.disaggregation != nil, "a split search needs a disaggregated run")
        self.run = run
        self.maximum = maximum
    }

    public typealias Fleet = DisaggregatedFleet

    public struct Outcome: Sendable, Codable {
        public var fleet: Fleet
        /// Every replication there.
        public var atFleet: ReplicatedRun.Evaluation
        /// The tier furthest below its target at the last fleet that missed.
        public var bindingTier: String?
    }

    /// The smallest fleet (prefill + decode) at which every tier meets its
    /// target in every replication: a ``ScreenedSearch`` over ``FleetSplits``
    /// from `start` (the bound's split). The outcome is `nil` when no fleet up
    /// to `maximum` meets; then `lastTried` is the last evaluation.
    public func smallestFleet(from start: Fleet) throws -> (outcome: Outcome?, lastTried: ReplicatedRun.Evaluation) {
        let found = try ScreenedSearch(space: FleetSplits(run: run, maximum: maximum)).run(from: start)
        return (found.point.map { Outcome(fleet: $0, atFleet: found.verdict, bindingTier: found.lastMiss?.tiers.binding?.tier) }, found.verdict)
    }

    /// The split of `instances` with the largest goodput (every tier at its
    /// target): hill-climb on the prefill count from `start` with the first
    /// seed's goodput, one instance at a time, then the goodput at the best
    /// split with every replication.
    public func bestGoodput(instances: Int, start: Int, upperScale: Double, search: GoodputSearch) throws -> (prefill: Int, outcome: GoodputSearch.Outcome) {
        var tried: [Int: Double] = [:]
        func goodputAt(_ p: Int) throws -> Double {
            if let known = tried[p] { return known }
            var r = run.screen
            r.prefillSplit = .fixed(p)
            let g = try search.run(r, instances: instances, upperScale: upperScale, criterion: .everyTier).goodputRps
            tried[p] = g
            return g
        }
        var p = min(max(1, start), instances - 1)
        while true {
            let here = try goodputAt(p)
            let candidates = [p - 1, p + 1].filter { $0 >= 1 && $0 <= instances - 1 }
            guard let better = try candidates.map({ ($0, try goodputAt($0)) }).filter({ $0.1 > here }).max(by: { $0.1 < $1.1 }) else { break }
            p = better.0
        }
        var r = run
        r.prefillSplit = .fixed(p)
        return (p, try search.run(r, instances: instances, upperScale: upperScale, criterion: .everyTier))
    }
}

