/// One figure a serving benchmark reports: a statistic of one latency
/// (`median TTFT`, `p99 E2E`), in milliseconds.
public struct ServingMetric: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Which latency of a request.
    public enum Quantity: String, Sendable, Codable, CaseIterable, Comparable {
        /// Arrival to first token.
        case ttft = "TTFT"
        /// Time per output token after the first: (E2E − TTFT) / (output − 1).
        case tpot = "TPOT"
        /// Arrival to last token.
        case e2e = "E2E"

        public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    /// Which statistic over the run's requests.
    public enum Statistic: String, Sendable, Codable, CaseIterable, Comparable {
        case mean, median, p90, p99

        /// A centre of the distribution (what a fit matches), not a tail.
        public var isCentral: Bool { self == .mean || self == .median }

        public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public var statistic: Statistic
    public var quantity: Quantity

    public init(_ statistic: Statistic, _ quantity: Quantity) {
        self.statistic = statistic
        self.quantity = quantity
    }

    public var description: String { "\(statistic.rawValue) \(quantity.rawValue)" }

    public static func < (a: Self, b: Self) -> Bool { (a.quantity, a.statistic) < (b.quantity, b.statistic) }
}

extension SimulationResult.TierMetrics {
    /// This tier's figure for `metric`, ms; `nil` when nothing was recorded.
    public func value(of metric: ServingMetric) -> Double? {
        switch (metric.quantity, metric.statistic) {
        case (.ttft, .mean): meanTTFTMs
        case (.ttft, .median): ttftMs?.p50
        case (.ttft, .p90): ttftMs?.p90
        case (.ttft, .p99): ttftMs?.p99
        case (.tpot, .mean): meanTPOTMs
        case (.tpot, .median): tpotMs?.p50
        case (.tpot, .p90): tpotMs?.p90
        case (.tpot, .p99): tpotMs?.p99
        case (.e2e, .mean): meanE2EMs
        case (.e2e, .median): e2eMs?.p50
        case (.e2e, .p90): e2eMs?.p90
        case (.e2e, .p99): e2eMs?.p99
        }
    }
}
