/// What the bound says, per bin, GPU type and tier.
public struct BoundSolution: Sendable, Codable {
    public struct Bin: Sendable, Codable {
        public var tpotMs: Double
        /// Instances per GPU type (profile GPU name).
        public var instances: [String: Int]
        /// GPUs per GPU type.
        public var gpus: [String: Int]
        /// Highest facet or KV utilisation over its servers, 0…1.
        public var utilisation: Double
    }

    /// The share of a tier's processed rate that runs on one bin.
    public struct BinShare: Sendable, Codable, Equatable {
        public var tpotMs: Double
        public var share: Double
    }

    public struct TierLoad: Sendable, Codable {
        public var name: String
        public var tpotMs: Double
        public var attainmentTarget: Double
        /// Offered rate (at the goodput scale for the goodput problem).
        public var rateRps: Double
        /// Rate that attains its SLO.
        public var servedRps: Double
        /// Rate processed, late requests included (equal to the offered rate in the work-conserving bound).
        public var processedRps: Double
        /// GPUs of its own bin (shared by tiers with the same TPOT).
        public var gpus: Int
        /// Share of the tier's processed rate on each bin, tightest first.
        public var loadShare: [BinShare]
    }

    public var problem: String
    public var status: MIPSolution.Status
    /// GPUs (sizing), cents per hour (sizing by cost) or the scale θ (goodput).
    public var objective: Double?
    public var totalGpus: Int
    public var totalInstances: Int
    public var dollarsPerHour: Double
    /// Largest total rate at the attainment target (goodput problem only).
    public var goodputRps: Double?
    public var scale: Double?
    public var lpRelaxation: Double?
    public var gap: Double?
    public var solveSeconds: Double
    public var admission: BoundProblem.Admission
    public var attainment: BoundProblem.AttainmentRule
    /// The workload's default target (each tier's own is in `tiers`).
    public var attainmentTarget: Double
    public var bins: [Bin]
    public var tiers: [TierLoad]
    /// Prefill instances (disaggregated serving; `nil` when co-located). The
    /// totals include them; `bins` hold the decode instances.
    public var prefillInstances: Int?
    public var variables: Int
    public var constraints: Int

    /// Whether the solver found an integer solution (proven optimal or not).
    public var hasSolution: Bool { objective != nil && status != .infeasible && status != .unbounded }
}

/// A tier no bin can serve, with the reason.
public struct BoundError: Error, CustomStringConvertible, Sendable {
    public var tier: String
    public var reason: String
    public var description: String { "tier '\(tier)' cannot be served: \(reason)" }
}
