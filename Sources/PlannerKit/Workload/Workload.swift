import Foundation
import Profiling

/// Everything a capacity planner states about the traffic: what `planner` plans for.
public struct Workload: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Tiers in file order; shares sum to 1.
    public var tiers: [Tier]
    public var arrivals: ArrivalProcess
    /// Optional change of tier mix at a point in time (the paper's burst test).
    public var mixChange: MixChange?
    /// Demand over a day or a week (``DemandSchedule``); nil for one steady rate.
    public var schedule: DemandSchedule? = nil
    /// How the fleet serves (`serving:`): co-located, disaggregated, or both to compare.
    public var serving: [ServingMode] = [.colocated]
    /// `disaggregation:` overrides of the catalogue's figures.
    public var disaggregationSettings = DisaggregationSettings()
    /// Whether the engine caches prompt prefixes (`prefix_caching:`; vLLM's
    /// automatic prefix caching is on by default): a prompt whose first blocks
    /// an instance still holds prefills only the rest.
    public var prefixCaching = true
    /// Speculative decoding on every server (`speculative_decoding:`), or `nil` for none.
    public var speculativeDecoding: SpeculativeDecoding?

    public struct DisaggregationSettings: Sendable, Codable, Equatable {
        public var prefillTokenBudget: Int?
        /// Bytes per second per instance.
        public var kvBandwidthBytesPerSecond: Double?
        public init(prefillTokenBudget: Int? = nil, kvBandwidthBytesPerSecond: Double? = nil) {
            self.prefillTokenBudget = prefillTokenBudget
            self.kvBandwidthBytesPerSecond = kvBandwidthBytesPerSecond
        }
    }
    public var runLength: RunLength
    public var warmupSeconds: Double
    /// The default attainment target of every tier; also the overall target of the paper's goodput.
    public var attainmentTarget: Double
    public var seed: UInt64
    /// Profile files, resolved against the workload file's folder.
    public var profilePaths: [String]
    /// Price per GPU-hour by GPU name, overriding the profiles'.
    public var prices: [String: Double]
    /// The file it came from, and its SHA-256, for reports.
    public var sourcePath: String
    public var sourceChecksum: String

    public init(name: String, description: String, tiers: [Tier], arrivals: ArrivalProcess, mixChange: MixChange?, runLength: RunLength,
                warmupSeconds: Double, attainmentTarget: Double, seed: UInt64, profilePaths: [String], prices: [String: Double],
                sourcePath: String, sourceChecksum: String) {
        self.name = name
        self.description = description
        self.tiers = tiers
        self.arrivals = arrivals
        self.mixChange = mixChange
        self.runLength = runLength
        self.warmupSeconds = warmupSeconds
        self.attainmentTarget = attainmentTarget
        self.seed = seed
        self.profilePaths = profilePaths
        self.prices = prices
        self.sourcePath = sourcePath
        self.sourceChecksum = sourceChecksum
    }

    public struct MixChange: Sendable, Equatable {
        public var atSeconds: Double
        /// Shares per tier index after the change; sum to 1.
        public var shares: [Double]
    }

    public enum RunLength: Sendable, Equatable {
        case requests(Int)
        case seconds(Double)
    }

    /// `profiles` as this workload deploys them: with its speculative decoding
    /// where it has one (a profile's own is kept otherwise).
    public func deployed(_ profiles: [LatencyProfile]) -> [LatencyProfile] {
        guard let speculativeDecoding else { return profiles }
        return profiles.map { var p = $0; p.speculation = speculativeDecoding; return p }
    }

    /// Total arrival rate, requests per second.
    public var totalRate: Double { arrivals.rate }

    /// Rate of each tier before any mix change.
    public var tierRates: [Double] { tiers.map { $0.share * totalRate } }

    /// The workload's name as a single, safe path component for its report
    /// folder: letters, digits, `.`, `_` and `-` kept, anything else `-`, no
    /// leading dot (so never `.`, `..` or hidden), `workload` when nothing is left.
    public var folderName: String { safePathComponent(name, fallback: "workload") }

    /// Each tier's attainment target: its own, or the workload's.
    public var tierTargets: [Double] { tiers.map { $0.attainmentTarget ?? attainmentTarget } }

    /// Expected tokens (prompt plus output) arriving per second.
    public var expectedTokensPerSecond: Double {
        zip(tiers, tierRates).reduce(0) { $0 + $1.1 * $1.0.meanTokens }
    }

    /// The same workload with every tier's rate multiplied by `factor`.
    public func scaled(by factor: Double) -> Workload {
        var copy = self
        copy.arrivals = arrivals.scaled(by: factor)
        if let change = mixChange { copy.mixChange = MixChange(atSeconds: change.atSeconds / (arrivalsAreReplay ? factor : 1), shares: change.shares) }
        return copy
    }

    var arrivalsAreReplay: Bool { if case .replay = arrivals { true } else { false } }

    /// Distinct TPOT values, tightest first: PolyServe's bins, which the bound sizes too.
    public var tpotBinsMs: [Double] { Array(Set(tiers.map(\.tpotMs))).sorted() }
}
