/// What `planner plan` found for several server types (profiles of one
/// model), in the shape written to `plan.json`: the cheapest fleet
/// found, per tier and per type, beside the best single-type fleet and the bound.
public struct MixedPlan: Sendable, Codable {
    /// One server type: a profile, and what an instance of it costs.
    public struct ServerType: Sendable, Codable {
        /// ``Profiling/ProfileMetadata/serverType``: the GPU, with its TP group when > 1.
        public var name: String
        public var profile: ProfileSummary
        public var dollarsPerInstanceHour: Double
    }

    /// A fleet: instances of each type (in the order of ``types``) and the
    /// policy's per-tier attainment there over every replication.
    public struct Fleet: Sendable, Codable {
        public var mix: [Int]
        public var gpus: Int
        public var dollarsPerHour: Double
        public var dollarsPerMonth: Double
        public var tiers: [TierSLA]
        public var meetsEveryTier: Bool { tiers.allSatisfy(\.meetsTarget) }
    }

    /// PolyServe on one type alone.
    public struct SingleType: Sendable, Codable {
        public var type: String
        /// The cost-optimal bound on this type alone, or why it has none.
        public var bound: BoundSolution?
        public var boundError: String?
        /// Its smallest fleet meeting every tier, or `nil` with `reason`.
        public var fleet: Fleet?
        public var reason: String?
    }

    /// One type in the planned fleet.
    public struct TypePlan: Sendable, Codable {
        public var type: String
        public var instances: Int
        public var gpus: Int
        public var dollarsPerHour: Double
        public var dollarsPerMonth: Double
        /// Each tier's share of this type's busy time (mean over replications), summing to 1.
        public var tierShares: [Double]
        /// The tier with the largest share: the tier that drives the type.
        public var drivenBy: String?
        /// Mean servers of this type in each bin (tightest first) over the first replication.
        public var meanServersPerBin: [Double]
        /// The bound's instances of this type in each bin.
        public var boundInstancesPerBin: [Int]
    }

    /// One tier: its SLA on the planned fleet and what it costs, by type.
    public struct TierPlan: Sendable, Codable {
        public var tier: String
        public var tpotMs: Double
        public var rateRps: Double
        public var attainmentTarget: Double
        public var attainment: Double?
        public var attainmentMean: Double?
        public var meetsTarget: Bool
        /// GPUs of each type attributed to the tier by the busy time it used there.
        public var gpusByType: [Double]
        public var dollarsPerMonthByType: [Double]
        public var gpus: Double
        public var dollarsPerMonth: Double
        public var dollarsPerMillionOutputTokens: Double?
    }

    /// One policy on the planned fleet.
    public struct PolicyOnMix: Sendable, Codable {
        public var policy: PolicyID
        /// At the forecast rates, every replication.
        public var tiers: [TierSLA]
        public var meetsEveryTier: Bool
        /// Largest rate with every tier at its target on the planned fleet, and its share of the bound's.
        public var goodputRps: Double
        public var ratioToBound: Double?
    }

    /// How the plan was made: seeds, inputs, settings, wall time.
    public var header: PlanHeader
    public var workload: WorkloadSummary
    public var types: [ServerType]
    public var attainmentTarget: Double
    public var hoursPerMonth: Double
    /// The bound's cost-optimal sizing over every type (work-conserving, every tier at its target).
    public var bound: BoundSolution
    /// The bound's instances of each type: the search's start.
    public var boundMix: [Int]
    /// Per bin (tightest first), the types it scales up with, by name, first preferred.
    public var scaleUpOrder: [[String]]
    /// The cheapest mix the searches found (from the bound's mix and from the cheapest single type).
    public var searched: Fleet?
    public var singleTypes: [SingleType]
    /// Index into ``singleTypes`` of the cheapest single-type fleet.
    public var bestSingleType: Int?
    /// The plan: the cheapest fleet found.
    public var plan: Fleet
    /// `"mixed"` when the plan uses several types, else the name of its one type.
    public var chosen: String
    /// The plan's saving against each single type's fleet (fraction of its dollars; `nil` where it has none).
    public var savingAgainstType: [Double?]
    public var savingAgainstBestSingle: Double?
    public var typePlans: [TypePlan]
    public var tiers: [TierPlan]
    /// The bound's goodput on the planned fleet's composition (work-conserving, every tier).
    public var goodputBound: BoundSolution
    public var policies: [PolicyOnMix]
    public var steps: [MixSearch.Step]
    /// PolyServe on the planned fleet, first replication.
    public var polyserveAtPlan: SimulationResult
    /// The cheapest mix with every type's latencies at both edges of the widest band of the types.
    public var latencyRange: LatencyRange? = nil
}
