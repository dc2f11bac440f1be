/// How one simulation runs.
public struct SimulationConfig: Sendable {
    /// Fleet size; `nil` for an unbounded idle pool (the servers each bin needs).
    /// With several profiles, ``mix`` says how many of each, and this is its sum.
    public var instances: Int?
    /// Instances of each profile, in the order the profiles are given, for a
    /// fixed fleet of several server types; `nil` for one type or an unbounded pool.
    public var mix: [Int]?
    /// Which type each bin takes from the idle pool when it scales up (several
    /// profiles only); default ``ScaleUpOrder/cheapestPerCapacity(workload:profiles:)``.
    public var scaleUpOrder: ScaleUpOrder?
    /// Token budget per iteration for policies with a static budget.
    public var staticTokenBudget: Int = 512
    /// Multiplies every tier's arrival rate.
    public var rateScale: Double = 1
    /// Overrides the workload's seed.
    public var seed: UInt64?
    /// Seconds before a server taken from the idle pool can run.
    public var provisioningDelay: Double = 0
    /// Seconds after the last arrival to let requests finish; the rest count as misses.
    public var drainSeconds: Double = 120
    /// PolyServe's readings and options.
    public var polyserve = PolyServeOptions()
    /// How large the run may be.
    public var limits = RunLimits()
    /// Disaggregated serving: the prefill pool's parameters; `nil` for co-located serving.
    /// Then `instances` (or the unbounded pool) are decode instances.
    public var disaggregation: Disaggregation?
    /// Prefill instances of a disaggregated fleet (a static split, at least 1).
    public var prefillInstances = 1
    /// Called once every ``progressEvery`` arrivals, for a bar on a long run; `nil`: never.
    public var progress: (@Sendable () -> Void)?
    public var progressEvery = 10_000
    /// Recompute the aggregates of the instance each event changed after it, and trap on a mismatch (slow: for tests).
    public var checkInvariants = false

    public init(instances: Int?, staticTokenBudget: Int = 512, rateScale: Double = 1, seed: UInt64? = nil) {
        self.instances = instances
        self.staticTokenBudget = staticTokenBudget
        self.rateScale = rateScale
        self.seed = seed
    }
}
