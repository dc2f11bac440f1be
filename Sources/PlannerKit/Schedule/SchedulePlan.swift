/// A plan over a demand schedule: the fleet each window needs (bound and
/// PolyServe), what static peak provisioning and following the load cost,
/// the reserved/on-demand split, and one continuous simulation of the whole
/// period with PolyServe's autoscaling.
public struct SchedulePlan: Sendable, Codable {
    public struct WindowPlan: Sendable, Codable {
        public var name: String
        public var hours: Double
        public var rateScale: Double
        public var rateRps: Double
        /// Each tier's rate in the window (its mix may differ from the workload's).
        public var tierRateRps: [Double]
        public var boundInstances: Int
        public var boundGpus: Int
        public var polyserveInstances: Int
        public var polyserveGpus: Int
        /// GPUs per tier, in workload order: the bound's split by the load each
        /// tier puts on its bins, PolyServe's by what each tier consumed (as `plan`).
        public var boundTierGpus: [Double]
        public var polyserveTierGpus: [Double]
        public var bindingTier: String?
        /// Each tier's worst replication at the PolyServe fleet.
        public var tierWorstAttainment: [Double?]
    }

    /// GPU-hours and dollars of one way of provisioning.
    public struct Provisioning: Sendable, Codable {
        public var gpuHoursPerPeriod: Double
        public var gpuHoursPerMonth: Double
        public var dollarsPerMonth: Double
    }

    /// The number of GPUs to reserve for the month, the rest rented by the hour.
    public struct ReservedSplit: Sendable, Codable {
        public var reservedPricePerGpuHour: Double
        public var onDemandPricePerGpuHour: Double
        public var reservedGpus: Int
        public var reservedDollarsPerMonth: Double
        public var onDemandGpuHoursPerMonth: Double
        public var onDemandDollarsPerMonth: Double
        public var totalDollarsPerMonth: Double
        /// The same need all on demand, and all reserved at the peak.
        public var allOnDemandDollarsPerMonth: Double
        public var allReservedDollarsPerMonth: Double
    }

    /// One run through the whole period with an unbounded idle pool.
    public struct Continuous: Sendable, Codable {
        public struct WindowOutcome: Sendable, Codable {
            public var name: String
            /// Mean servers held over the window, mean over replications.
            public var meanServers: Double
            /// Per tier: the worst replication's attainment of requests arriving in the window.
            public var tierWorstAttainment: [Double?]
        }
        public struct TierOutcome: Sendable, Codable {
            public var tier: String
            public var target: Double
            public var worstWindow: String?
            public var worstAttainment: Double?
            /// Over the whole period, worst replication.
            public var periodAttainment: Double?
            public var meetsInEveryWindow: Bool
        }
        public var provisioningDelaySeconds: Double
        public var seeds: [UInt64]
        public var requestsPerReplication: Double
        public var windows: [WindowOutcome]
        public var tiers: [TierOutcome]
        public var following: Provisioning
        public var wallSeconds: Double
    }

    /// How the plan was made: seeds, inputs, settings, wall time.
    public var header: PlanHeader
    public var workload: WorkloadSummary
    public var profile: ProfileSummary
    public var source: String
    public var periodHours: Double
    public var hoursPerMonth: Double
    public var windows: [WindowPlan]
    public var peakBoundGpus: Int
    public var peakPolyserveGpus: Int
    /// PolyServe's per-window fleets: held at the peak all period, or following the windows.
    public var staticPeak: Provisioning
    public var followingLoad: Provisioning
    public var boundFollowingLoad: Provisioning
    /// 1 − following ÷ static peak.
    public var savingFraction: Double
    public var reservedSplit: ReservedSplit
    public var continuous: Continuous?
    /// Every window's fleet and the month's bill at both edges of the profile's latency band.
    public var latencyRange: ScheduleLatencyRange? = nil

}
