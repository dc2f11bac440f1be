import Foundation
import Profiling

/// One measured serving run to replay: the client's arrivals, a request count, the
/// lengths (measured pairs, or a law when the source has none) and the
/// measured medians (and p99s where given).
public struct MeasuredServing: Sendable {
    public var name: String
    public var source: String
    /// Poisson or gamma at the client's rate, or a closed loop at its concurrency.
    public var arrivals: ArrivalProcess
    public var requests: Int
    public var lengths: LengthModel
    /// Whether `lengths` are the run's own (measured) or an assumption.
    public var lengthsMeasured: Bool
    public var medianTTFTMs: Double?
    public var medianTPOTMs: Double?
    public var p99TTFTMs: Double?
    public var p99TPOTMs: Double?
    /// Another engine's medians on the same scenario, where known: the spread
    /// between two engines is the uncertainty of "a modern engine".
    public var otherEngine: (ttftMs: Double?, tpotMs: Double?)?

    public init(name: String, source: String, arrivals: ArrivalProcess, requests: Int, lengths: LengthModel, lengthsMeasured: Bool,
                medianTTFTMs: Double?, medianTPOTMs: Double?, p99TTFTMs: Double? = nil, p99TPOTMs: Double? = nil) {
        self.name = name
        self.source = source
        self.arrivals = arrivals
        self.requests = requests
        self.lengths = lengths
        self.lengthsMeasured = lengthsMeasured
        self.medianTTFTMs = medianTTFTMs
        self.medianTPOTMs = medianTPOTMs
        self.p99TTFTMs = p99TTFTMs
        self.p99TPOTMs = p99TPOTMs
    }
}
