/// How a measured run is replayed, apart from the profile it runs on: the
/// scheduler standing in for the engine, its budget, engine overheads that
/// override the profile's, the run limits and where progress goes.
public struct ReplaySettings: Sendable {
    public var policy: PolicyID
    public var instances: Int
    public var tokenBudget: Int
    public var seed: UInt64
    /// Engine time per request outside the iterations (API server, tokenisation,
    /// scheduling before the first step), overriding the profile's
    /// ``ProfileMetadata/requestOverheadMs`` when set.
    public var requestOverheadMs: Double?
    /// The engine's time per iteration outside the kernels, overriding the
    /// profile's ``ProfileMetadata/iterationOverheadMs`` when set.
    public var iterationOverheadMs: Double?
    /// The engine's time per running request in every iteration, overriding
    /// the profile's ``ProfileMetadata/sequenceOverheadMs`` when set.
    public var sequenceOverheadMs: Double?
    /// The most requests one replay may simulate (`--max-requests`), as for `simulate`.
    public var limits: RunLimits
    /// Where a replay reports how far it is (a step per replay); `nil`: nowhere.
    public var progress: (any PlanProgress)?

    public init(policy: PolicyID = .minimal, instances: Int = 1, tokenBudget: Int = 512, seed: UInt64 = 1, requestOverheadMs: Double? = nil,
                iterationOverheadMs: Double? = nil, sequenceOverheadMs: Double? = nil, limits: RunLimits = RunLimits(),
                progress: (any PlanProgress)? = nil) {
        self.policy = policy
        self.instances = instances
        self.tokenBudget = tokenBudget
        self.seed = seed
        self.requestOverheadMs = requestOverheadMs
        self.iterationOverheadMs = iterationOverheadMs
        self.sequenceOverheadMs = sequenceOverheadMs
        self.limits = limits
        self.progress = progress
    }
}
