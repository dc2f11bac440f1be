/// How one simulation runs.
public struct SimulationConfig: Sendable {
    /// Fleet size; `nil` for an unbounded idle pool (the servers each bin needs).
    public var instances: Int?
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
    /// PolyServe, not in the paper (off by default): when a request finds no
    /// admissible server in its own or a tighter bin and the pool is empty, it
    /// may take a server of a looser bin, judged at its own TPOT (the server
    /// then paces at its tightest resident's TPOT). See README, "Policy suite".
    public var borrowLooserServers = false
    /// Dynamic chunking (PolyServe, partitioned), not in the paper (off by
    /// default): an iteration may last until the earliest next-token deadline
    /// of its residents instead of the tightest TPOT, when that is later.
    public var deadlineAwareChunks = false
    /// PolyServe's steady-state token batch (admission (c) and load).
    public var steadyBatch = SteadyBatch.decodeOnly
    /// How large the run may be.
    public var limits = RunLimits()
    /// Debug builds only: recompute every instance's aggregates after each event and trap on a mismatch (slow).
    public var checkInvariants = false

    public init(instances: Int?, staticTokenBudget: Int = 512, rateScale: Double = 1, seed: UInt64? = nil) {
        self.instances = instances
        self.staticTokenBudget = staticTokenBudget
        self.rateScale = rateScale
        self.seed = seed
    }
}
