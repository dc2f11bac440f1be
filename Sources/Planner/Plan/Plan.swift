/// Everything `planner plan` found, in the shape written to `plan.json`.
public struct Plan: Sendable, Codable {
    public struct Input: Sendable, Codable {
        public var path: String
        public var sha256: String
    }

    /// One policy's fleet and goodput.
    public struct PolicyPlan: Sendable, Codable {
        public var policy: String
        /// Smallest fixed fleet (instances) meeting the attainment target at the forecast rate.
        public var fleetInstances: Int?
        public var fleetGpus: Int?
        /// Attainment at that fleet, overall and per tier.
        public var attainment: Double?
        public var tierAttainment: [String: Double]
        /// Goodput on the common fleet, and its ratio to the bound's goodput there.
        public var goodputRps: Double
        public var ratioToBound: Double
        /// Attainment against load on the common fleet: `[rate req/s, attainment]`, by rate.
        public var curve: [[Double]]
    }

    /// Per-tier finance, from PolyServe's fleet split over tiers.
    public struct TierPlan: Sendable, Codable {
        public var tier: String
        public var tpotMs: Double
        public var ttftMs: String
        public var rateRps: Double
        public var boundGpus: Double
        public var polyserveGpusPeak: Double
        public var polyserveGpusP95: Double
        public var polyserveGpusMean: Double
        /// Each baseline's fleet split by the tier's token load.
        public var baselineGpus: [String: Double]
        public var attainment: Double
        /// GPUs planned for the tier: PolyServe's fleet split by bin use, then by token load within a bin.
        public var plannedGpus: Double
        public var gpuHoursPerDay: Double
        public var gpuHoursPerMonth: Double
        public var dollarsPerHour: Double
        public var dollarsPerMonth: Double
        public var dollarsPerMillionOutputTokens: Double
        /// Dollars per million output tokens over the loosest tier's.
        public var premiumOverLoosest: Double
    }

    public var tool: String
    public var version: String
    public var seed: UInt64
    public var inputs: [Input]
    public var workload: WorkloadSummary
    public var profile: ProfileSummary
    public var attainmentTarget: Double
    public var hoursPerMonth: Double
    /// The bound's sizing at the forecast rates.
    public var bound: BoundSolution
    /// The fleet all policies' goodput is compared on: PolyServe's smallest fleet.
    public var commonFleet: Int
    public var boundAtCommonFleet: BoundSolution
    /// PolyServe with an unbounded idle pool at the forecast rates.
    public var autoscaled: SimulationResult
    /// PolyServe on its smallest fleet, for latency distributions.
    public var polyserveAtFleet: SimulationResult?
    public var policies: [PolicyPlan]
    public var tiers: [TierPlan]
    public var total: TierPlan
    public var wallSeconds: Double
}

public struct ProfileSummary: Sendable, Codable {
    public var name: String
    public var gpu: String
    public var model: String
    public var gpusPerInstance: Int
    public var kvCapacityTokens: Int
    public var pricePerGpuHour: Double
    public var provenance: String
}
