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

    public struct Fleet: Sendable, Codable, Equatable {
        public var prefill: Int
        public var decode: Int
        public var total: Int { prefill + decode }
    }

    public struct Outcome: Sendable, Codable {
        public var fleet: Fleet
        /// Every replication there.
        public var atFleet: ReplicatedRun.Evaluation
        /// The tier furthest below its target at the last fleet that missed.
        public var bindingTier: String?
    }

    func evaluate(_ f: Fleet, screen: Bool) throws -> ReplicatedRun.Evaluation {
        var r = screen ? run.screen : run
        r.prefillSplit = .fixed(f.prefill)
        return try r.evaluate(instances: f.total)
    }

    /// The lowest margin of a tier below (negative) or above its target.
    static func margin(_ e: ReplicatedRun.Evaluation) -> Double { e.tiers.map { $0.margin ?? -1 }.min() ?? -1 }

    /// The smallest fleet (prefill + decode) at which every tier meets its
    /// target in every replication: from `start` (the bound's split), grow by
    /// the side whose extra instance leaves the better lowest tier margin
    /// (5 % of the fleet, at least one, while far; one when both are close),
    /// then remove instances from either side while the first seed still
    /// meets, then confirm with every replication, growing again while one
    /// misses. The outcome is `nil` when no fleet up to `maximum` meets; then
    /// `lastTried` is the evaluation of the largest fleet tried.
    public func smallestFleet(from start: Fleet) throws -> (outcome: Outcome?, lastTried: ReplicatedRun.Evaluation) {
        var screened: [Fleet: ReplicatedRun.Evaluation] = [:]
        func screenAt(_ f: Fleet) throws -> ReplicatedRun.Evaluation {
            if let known = screened[f] { return known }
            let e = try evaluate(f, screen: true)
            screened[f] = e
            return e
        }
        var f = Fleet(prefill: max(1, start.prefill), decode: max(1, start.decode))
        var binding: String? = nil
        func grow(_ f: Fleet, _ e: ReplicatedRun.Evaluation) throws -> Fleet? {
            guard f.total < maximum else { return nil }
            let step = min(maximum - f.total, max(1, f.total / 20))
            let a = Fleet(prefill: f.prefill + step, decode: f.decode), b = Fleet(prefill: f.prefill, decode: f.decode + step)
            let ea = try screenAt(a), eb = try screenAt(b)
            if ea.meets != eb.meets { return ea.meets ? a : b }
            return Self.margin(ea) > Self.margin(eb) ? a : b
        }
        while true {
            let e = try screenAt(f)
            if e.meets { break }
            binding = e.tiers.binding?.tier
            guard let next = try grow(f, e) else { return (nil, e) }
            f = next
        }
        descent: while true {
            for smaller in [Fleet(prefill: f.prefill - 1, decode: f.decode), Fleet(prefill: f.prefill, decode: f.decode - 1)]
            where smaller.prefill >= 1 && smaller.decode >= 1 {
                let e = try screenAt(smaller)
                if e.meets { f = smaller; continue descent }
                binding = e.tiers.binding?.tier
            }
            break
        }
        while true {
            let confirmed = try evaluate(f, screen: false)
            if confirmed.meets { return (Outcome(fleet: f, atFleet: confirmed, bindingTier: binding), confirmed) }
            binding = confirmed.tiers.binding?.tier
            guard let next = try grow(f, confirmed) else { return (nil, confirmed) }
            f = next
        }
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

extension SplitSearch.Fleet: Hashable {}
