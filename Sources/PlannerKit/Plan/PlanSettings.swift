import Profiling

/// How a plan is searched and simulated, whatever its kind: built once (the
/// command line builds it from its flags) and handed to the runner, which
/// passes it down unchanged to every search and simulation.
public struct PlanSettings: Sendable {
    /// The largest fleet any search tries, and the autoscaled pool's cap, unless the limits say less.
    public static let defaultMaximumInstances = 4096

    /// Simulations run in parallel.
    public var jobs: Int
    /// Independent seeds per simulated point; the first is the workload's seed.
    public var replications: Int
    /// The policies planned and compared; PolyServe is always among them.
    public var policies = PolicyID.allCases
    /// Requests per simulated run, and instances.
    public var limits = RunLimits(instances: PlanSettings.defaultMaximumInstances)
    /// PolyServe's readings and options, for every simulation of the plan.
    public var polyserve = PolyServeOptions()
    /// The goodput search's bracket, as a fraction of the bound.
    public var goodputTolerance = 0.02
    /// Whether to search the fleet at both edges of the latency band.
    public var searchesLatencyRange = true
    /// Schedules only: the continuous run and the prices of the reserved split.
    public var schedule = Schedule()

    public struct Schedule: Sendable {
        /// Seconds a server takes to start serving after the pool hands it out (model load).
        public var provisioningDelay = 60.0
        /// Dollars per on-demand GPU-hour; `nil`: the workload's or profile's price.
        public var onDemandPrice: Double?
        /// Dollars per reserved GPU-hour; `nil`: ``SchedulePlanRunner/defaultReservedFraction`` of on demand.
        public var reservedPrice: Double?
        /// Whether to run the continuous simulation of the whole period.
        public var continuous = true

        public init() {}
    }

    public init(jobs: Int, replications: Int = 5) {
        self.jobs = jobs
        self.replications = replications
    }

    /// `policy` on `profiles` (several: a mix, `mix` or the fleet's own),
    /// with these settings' limits and PolyServe options, replicated from
    /// `workload`'s seed.
    public func replicated(_ policy: PolicyID, workload: Workload, profiles: [LatencyProfile], scaleUpOrder: ScaleUpOrder? = nil,
                           disaggregation: Disaggregation? = nil) -> ReplicatedRun {
        var run = ReplicatedRun(workload: workload, profiles: profiles, scaleUpOrder: scaleUpOrder, policy: policy,
                                replications: Replications(count: replications, baseSeed: workload.seed))
        run.limits = limits
        run.polyserve = polyserve
        run.disaggregation = disaggregation
        return run
    }
}
