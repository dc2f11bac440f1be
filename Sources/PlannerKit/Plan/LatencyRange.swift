import Profiling

/// What the latency model's error is worth in GPUs: PolyServe's smallest
/// fleet with every latency of the profile scaled to the edges of its band,
/// `1 − band` (the model was slow) and `1 + band` (it was fast).
///
/// The band is the profile's own (``ProfileMetadata/latencyBand``, from a
/// held-out validation or the user's calibration) or, for a profile nobody
/// validated, ``unvalidatedBand``, which the plan flags.
public struct LatencyRange: Sendable, Codable, Equatable {
    /// The band applied to a profile without one: wide enough to cover what
    /// `planner validate` measures out of sample on most groups (2-43 % on the
    /// vLLM 0.15 serving runs), so finance sees the swing it must budget for.
    public static let unvalidatedBand = 0.25

    /// How far past the plan's fleet an edge's search goes.
    public static let ceilingFactor = 4

    /// The fraction every latency was scaled by, down and up.
    public var band: Double
    /// Whether the band came from the profile (validated or calibrated) or is ``unvalidatedBand``.
    public var validated: Bool
    /// The largest fleet an edge's search tries, in instances: ``ceilingFactor`` times the plan's.
    public var searchCeiling: Int
    /// Smallest fleets at `1 − band` and `1 + band`; `nil` where none up to ``searchCeiling`` meets every target.
    public var lowInstances: Int?
    public var highInstances: Int?
    public var lowGpus: Int?
    public var highGpus: Int?
    public var dollarsPerMonthLow: Double?
    public var dollarsPerMonthHigh: Double?
    /// A mixed fleet's edge mixes, instances per server type; `nil` for one type.
    public var lowMix: [Int]? = nil
    public var highMix: [Int]? = nil

    /// The band a plan on `profile` uses.
    public static func band(of profile: LatencyProfile) -> (band: Double, validated: Bool) {
        profile.metadata.latencyBand.map { ($0, true) } ?? (unvalidatedBand, false)
    }

    /// The band a plan on several types uses: the widest of theirs, so one
    /// figure covers every type; validated only when every type's is.
    public static func band(of profiles: [LatencyProfile]) -> (band: Double, validated: Bool) {
        let bands = profiles.map { band(of: $0) }
        return (bands.map(\.band).max() ?? unvalidatedBand, bands.allSatisfy(\.validated))
    }

    /// Each edge fleet as a share of the plan's `planned` instances: a tier's
    /// low and high GPUs and dollars are its planned ones times these (the
    /// same consumption split at every edge); `nil` for an empty edge. For a
    /// mixed fleet, pass the plan's dollars and these are shares of dollars.
    public func shares(ofPlanned planned: Int) -> (low: Double?, high: Double?) {
        guard planned > 0 else { return (nil, nil) }
        return (lowInstances.map { Double($0) / Double(planned) }, highInstances.map { Double($0) / Double(planned) })
    }

    /// Each edge's dollars as a share of the plan's `dollarsPerMonth`.
    public func shares(ofDollars dollarsPerMonth: Double) -> (low: Double?, high: Double?) {
        guard dollarsPerMonth > 0 else { return (nil, nil) }
        return (dollarsPerMonthLow.map { $0 / dollarsPerMonth }, dollarsPerMonthHigh.map { $0 / dollarsPerMonth })
    }
}
