/// How PolyServe's rules are read where the paper leaves room, and the options
/// this planner adds (docs/policy-suite.md has each one's measured effect).
public struct PolyServeOptions: Sendable, Codable, Equatable {
    /// The steady-state token batch of admission (c) and the load.
    public var steadyBatch = SteadyBatch.decodeOnly
    /// Not in the paper (off by default): when a request finds no admissible
    /// server in its own or a tighter bin and the pool is empty, it may take
    /// the nearest looser bin's most loaded admissible server, judged at its
    /// own TPOT (the server then paces at its tightest resident's TPOT).
    public var borrowLooserServers = false
    /// Not in the paper (off by default): dynamic chunking (PolyServe's and
    /// partitioned's) lets an iteration last until the earliest next-token
    /// deadline of its residents instead of the tightest TPOT, when that is later.
    public var deadlineAwareChunks = false

    public init(steadyBatch: SteadyBatch = .decodeOnly, borrowLooserServers: Bool = false, deadlineAwareChunks: Bool = false) {
        self.steadyBatch = steadyBatch
        self.borrowLooserServers = borrowLooserServers
        self.deadlineAwareChunks = deadlineAwareChunks
    }
}
