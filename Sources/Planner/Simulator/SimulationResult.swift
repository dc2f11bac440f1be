/// What one simulation measured.
public struct SimulationResult: Sendable, Codable, Equatable {
    public struct TierMetrics: Sendable, Codable, Equatable {
        public var name: String
        public var measured: Int
        public var attained: Int
        public var attainment: Double
        /// Keys p50, p90, p99, in ms.
        public var ttftMs: [String: Double]
        public var meanTTFTMs: Double
        /// Smallest TTFT seen, ms (never below one iteration).
        public var minTTFTMs: Double
        /// Mean time per output token after the first, per request; keys p50, p90, p99, in ms.
        public var tpotMs: [String: Double]
    }

    public struct BinServers: Sendable, Codable, Equatable {
        public var tpotMs: Double
        public var peak: Int
        public var p95: Int
        public var mean: Double
        /// (seconds, servers) whenever the count changed, thinned to at most 200 points.
        public var timeline: [[Double]]
    }

    public var policy: String
    public var instances: Int?
    public var rateScale: Double
    public var seed: UInt64
    public var arrived: Int
    public var completed: Int
    public var unfinished: Int
    public var measured: Int
    public var attainment: Double
    public var tiers: [TierMetrics]
    public var bins: [BinServers]
    public var preemptions: Int
    public var simulatedSeconds: Double
    public var wallSeconds: Double
    public var events: Int
}
