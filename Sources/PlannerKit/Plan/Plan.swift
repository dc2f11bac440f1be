import Profiling

/// Everything `planner plan` found, in the shape written to `plan.json`.
public struct Plan: Sendable, Codable {
    /// The bound's problems: sizing at the forecast rates and goodput on the
    /// common fleet, each work-conserving (the headline) and with clairvoyant
    /// admission control (a looser relaxation), every tier at its target; and
    /// the work-conserving goodput at the overall target, for the paper's figure.
    public struct Bounds: Sendable, Codable {
        public var sizing: BoundSolution
        public var sizingClairvoyant: BoundSolution
        public var goodput: BoundSolution
        public var goodputClairvoyant: BoundSolution
        public var goodputOverall: BoundSolution
    }

    /// One policy's fleet, its per-tier SLA there, and its goodput.
    public struct PolicyPlan: Sendable, Codable {
        public var policy: PolicyID
        /// Smallest fixed fleet (instances) at which every tier meets its target in every replication; `nil` if none up to the limit.
        public var fleetInstances: Int?
        public var fleetGpus: Int?
        /// Disaggregated: prefill instances of that fleet, and of the split its goodput was measured at.
        public var fleetPrefillInstances: Int?
        public var goodputPrefillInstances: Int?
        /// Per tier at that fleet over every replication (at the largest fleet tried when none was found).
        public var tiers: [TierSLA]
        /// The tier that fails one instance below the fleet.
        public var bindingTier: String?
        /// Each tier's share of the GPU time used at that fleet (mean over replications).
        public var consumptionShares: [Double]?
        /// Goodput on the common fleet with every tier at its target (the headline), and at the overall target (the paper's).
        public var goodputRps: Double
        public var overallGoodputRps: Double
        /// Goodput over the work-conserving bound's, over the clairvoyant bound's, and overall goodput over the overall bound's.
        public var ratioToBound: Double?
        public var ratioToClairvoyantBound: Double?
        public var overallRatioToBound: Double?
        /// The goodput search's steps: `[rate req/s, lowest worst-replication tier attainment]`, by rate.
        public var curve: [[Double]]
    }

    /// One tier's SLA, GPUs and cost.
    public struct TierPlan: Sendable, Codable {
        public var tier: String
        public var tpotMs: Double
        public var ttftMs: [Double]
        public var rateRps: Double
        public var attainmentTarget: Double
        /// PolyServe on the planned fleet: worst replication, mean, and the mean's 95 % interval.
        public var attainment: Double?
        public var attainmentMean: Double?
        public var attainmentInterval95: ClosedRange<Double>?
        public var meetsTarget: Bool
        /// The bounds' GPUs attributed to the tier (each bin's GPUs split by the token load on it).
        public var boundGpus: Double
        public var boundClairvoyantGpus: Double
        /// PolyServe autoscaled: the sum over bins of peak, p95 and mean servers, split by consumption.
        public var polyserveGpusPeak: Double
        public var polyserveGpusP95: Double
        public var polyserveGpusMean: Double
        /// Each baseline's smallest fleet split by consumption, keyed by policy name; `nil` where it found none.
        public var baselineGpus: [String: Double?]
        /// PolyServe's smallest fleet split by the GPU time the tier consumed there.
        public var plannedGpus: Double
        public var gpuHoursPerDay: Double
        public var gpuHoursPerMonth: Double
        public var dollarsPerHour: Double
        public var dollarsPerMonth: Double
        public var dollarsPerMillionOutputTokens: Double?
        /// Dollars per million output tokens over the loosest tier's.
        public var premiumOverLoosest: Double?
    }

    /// The whole fleet: sums of the tiers' columns.
    public struct Total: Sendable, Codable {
        public var rateRps: Double
        public var boundGpus: Int
        public var boundClairvoyantGpus: Int
        public var polyserveGpusPeak: Double
        public var polyserveGpusP95: Double
        public var polyserveGpusMean: Double
        public var baselineGpus: [String: Double?]
        public var plannedGpus: Double
        public var gpuHoursPerDay: Double
        public var gpuHoursPerMonth: Double
        public var dollarsPerHour: Double
        public var dollarsPerMonth: Double
        public var dollarsPerMillionOutputTokens: Double?
    }

    /// How the plan was made: seeds, inputs, settings (PolyServe's options among them), wall time.
    public var header: PlanHeader
    public var workload: WorkloadSummary
    public var profile: ProfileSummary
    /// The workload's default target; each tier's own is in `tiers`.
    public var attainmentTarget: Double
    public var hoursPerMonth: Double
    public var bounds: Bounds
    /// The fleet every policy's goodput is compared on: PolyServe's smallest fleet.
    public var commonFleet: Int
    /// The tier that decides PolyServe's fleet (it fails one instance below).
    public var bindingTier: String?
    /// PolyServe with an unbounded idle pool at the forecast rates (first replication's seed).
    public var autoscaled: SimulationResult
    /// PolyServe on its smallest fleet, first replication, for latency distributions.
    public var polyserveAtFleet: SimulationResult
    public var policies: [PolicyPlan]
    public var tiers: [TierPlan]
    public var total: Total
    /// Co-located or disaggregated; with disaggregation, its figures and PolyServe's prefill instances of `commonFleet`.
    public var serving: ServingMode = .colocated
    public var disaggregation: Disaggregation? = nil
    public var prefillInstances: Int? = nil
    /// PolyServe's smallest fleet at the edges of the latency model's error band.
    public var latencyRange: LatencyRange? = nil
}

/// A profile as every plan kind's report records it (a schedule's price is the on-demand price it bills at).
public struct ProfileSummary: Sendable, Codable {
    public var name: String
    public var gpu: String
    public var model: String
    public var gpusPerInstance: Int
    public var kvCapacityTokens: Int
    public var pricePerGpuHour: Double
    public var provenance: String
    /// `weights fp8, kv fp8`; absent for bf16 weights and KV cache.
    public var precision: String? = nil
    /// `attention data-parallel, experts expert-parallel`; absent for tensor parallelism throughout.
    public var parallelism: String? = nil
}

extension ProfileSummary {
    /// The summary of a profile's metadata, as a report records it.
    init(_ m: ProfileMetadata) {
        self.init(name: m.name, gpu: m.gpu, model: m.model, gpusPerInstance: m.gpusPerInstance,
                  kvCapacityTokens: m.kvCapacityTokens, pricePerGpuHour: m.pricePerGPUHour, provenance: m.provenance,
                  precision: m.precision.isDefault ? nil : m.precision.description, parallelism: m.layout.isTensor ? nil : m.layout.description)
    }
}

/// Why a plan cannot be made.
public enum PlanError: Error, CustomStringConvertible, Sendable {
    /// No fleet up to `maximum` instances lets every tier meet its target.
    case noFleet(policy: PolicyID, maximum: Int, tier: String, worst: Double?, target: Double)
    /// The autoscaled run wanted more than `maximum` servers.
    case poolLimit(Int)
    /// The bound found no fleet at all (its solver status).
    case noBound(String)

    public var description: String {
        switch self {
        case let .noFleet(policy, maximum, tier, worst, target):
            "no fleet of up to \(maximum) instances lets every tier meet its target under \(policy): tier '\(tier)' attains " +
                "\(worst.map { fmt($0 * 100, 2) + " %" } ?? "nothing measured") against \(fmt(target * 100, 1)) % " +
                "(its SLO may be too tight for this profile; check `planner optimal`, or raise the limit with --max-instances)"
        case let .poolLimit(maximum):
            "the autoscaled run wanted more than \(maximum) servers; raise the limit with --max-instances or lower the rates"
        case let .noBound(status):
            "no fleet of these server types carries the workload with every tier at its target (bound status \(status)); lower a rate or a target, or add a faster type"
        }
    }
}
