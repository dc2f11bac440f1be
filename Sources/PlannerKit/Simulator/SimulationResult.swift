import Profiling

/// What one simulation measured.
public struct SimulationResult: Sendable, Codable, Equatable {
    public struct TierMetrics: Sendable, Codable, Equatable {
        public var name: String
        /// Requests that arrived after the warm-up (finished or not).
        public var measured: Int
        public var attained: Int
        /// `attained / measured`; `nil` when nothing was measured.
        public var attainment: Double?
        /// TTFT of finished requests, ms.
        public var ttftMs: Percentiles<Double>?
        public var meanTTFTMs: Double?
        /// Smallest TTFT seen, ms (never below one iteration).
        public var minTTFTMs: Double?
        /// Mean time per output token after the first, per request, ms.
        public var tpotMs: Percentiles<Double>?
        /// Mean over requests of their time per output token after the first, ms.
        public var meanTPOTMs: Double? = nil
        /// End-to-end latency of finished requests (arrival to last token), ms.
        public var e2eMs: Percentiles<Double>? = nil
        public var meanE2EMs: Double? = nil
        /// Instance-seconds of iterations spent on this tier's tokens over the
        /// whole run (each iteration divided among its requests by tokens processed).
        public var busyInstanceSeconds: Double
        /// With prefix caching: the share of its measured requests' prompt
        /// tokens found cached at their (last) admission; `nil` without.
        public var prefixHitRate: Double? = nil

        enum CodingKeys: String, CodingKey {
            case name, measured, attained, attainment, ttftMs, meanTTFTMs, minTTFTMs, tpotMs, busyInstanceSeconds, prefixHitRate
            case meanTPOTMs = "mean_tpot_ms", e2eMs = "e2e_ms", meanE2EMs = "mean_e2e_ms"
        }
    }

    public struct BinServers: Sendable, Codable, Equatable {
        public var tpotMs: Double
        public var peak: Int
        public var p95: Int
        public var mean: Double
        /// (seconds, servers) whenever the count changed, thinned to at most 200 points.
        public var timeline: [[Double]]
    }

    public var policy: PolicyID
    public var instances: Int?
    public var rateScale: Double
    public var seed: UInt64
    public var arrived: Int
    public var completed: Int
    public var unfinished: Int
    public var measured: Int
    /// Over all tiers; `nil` when nothing was measured.
    public var attainment: Double?
    public var tiers: [TierMetrics]
    public var bins: [BinServers]
    public var preemptions: Int
    public var simulatedSeconds: Double
    public var wallSeconds: Double
    public var events: Int
    /// An unbounded pool hit ``RunLimits/instances``: requests waited for servers
    /// the policy would have taken, so attainment understates it.
    public var poolLimitReached: Bool = false
    /// How the router placed requests (PolyServe); `nil` for policies without one.
    public var routing: RoutingCounts? = nil
    /// Per schedule window (a workload with a schedule only): each tier's
    /// attainment of the requests that arrived in it, and the servers held.
    public var windows: [WindowMetrics]? = nil
    /// Prefill instances of a disaggregated fleet (`instances` and `bins` are its decode
    /// instances); `nil` when co-located.
    public var prefillInstances: Int? = nil
    /// Per server type (fleets of several profiles only), in profile order.
    public var serverTypes: [ServerTypeMetrics]? = nil
    /// With prefix caching: the fleet's hit rate (cached over admitted prompt
    /// tokens, every request) and the spread of its instances'; `nil` without.
    public var prefixCache: PrefixCacheMetrics? = nil

    public struct PrefixCacheMetrics: Sendable, Codable, Equatable {
        public var hitRate: Double
        /// Instances that admitted a prompt, and their hit rates' lowest, median and highest.
        public var instances: Int
        public var instanceHitRateMin: Double
        public var instanceHitRateMedian: Double
        public var instanceHitRateMax: Double
        /// Tokens of cached blocks evicted to make room, every instance.
        public var evictedTokens = 0

        /// From each instance's admitted prompt tokens and those found cached; `nil` if none admitted any.
        init?(admitted: [Int], cached: [Int], evicted: Int) {
            evictedTokens = evicted
            let rates = zip(admitted, cached).filter { $0.0 > 0 }.map { Double($0.1) / Double($0.0) }.sorted()
            guard !rates.isEmpty else { return nil }
            hitRate = Double(cached.reduce(0, +)) / Double(admitted.reduce(0, +))
            instances = rates.count
            instanceHitRateMin = rates[0]
            instanceHitRateMedian = rates[rates.count / 2]
            instanceHitRateMax = rates[rates.count - 1]
        }
    }

    public struct ServerTypeMetrics: Sendable, Codable, Equatable {
        /// ``ProfileMetadata/serverType``.
        public var serverType: String
        /// Servers of the type in the fleet (created by an unbounded pool).
        public var instances: Int
        /// Per tier, in workload order: instance-seconds of this type's iterations spent on the tier's tokens.
        public var busyInstanceSeconds: [Double]
        /// Servers of the type in each bin over the run.
        public var bins: [BinServers]

        /// The tier that used most of this type's busy time, or `nil` when it never ran.
        public var dominantTier: Int? {
            guard busyInstanceSeconds.contains(where: { $0 > 0 }) else { return nil }
            return busyInstanceSeconds.indices.max { busyInstanceSeconds[$0] < busyInstanceSeconds[$1] }
        }
    }

    public struct WindowMetrics: Sendable, Codable, Equatable {
        public var name: String
        /// Seconds from the start of the run.
        public var startSeconds: Double
        public var endSeconds: Double
        /// Per tier, in workload order: requests measured (arrived after warm-up) and attained.
        public var measured: [Int]
        public var attained: [Int]
        /// Mean servers in bins over the window (an idle pool's are not counted).
        public var meanServers: Double
        public func attainment(_ tier: Int) -> Double? { measured[tier] > 0 ? Double(attained[tier]) / Double(measured[tier]) : nil }
    }
}

extension SimulationResult {
    /// Each tier's share of the busy instance-seconds (summing to 1), or `nil` when no iteration ran.
    public var consumptionShares: [Double]? {
        let total = tiers.reduce(0) { $0 + $1.busyInstanceSeconds }
        guard total > 0 else { return nil }
        return tiers.map { $0.busyInstanceSeconds / total }
    }
}
