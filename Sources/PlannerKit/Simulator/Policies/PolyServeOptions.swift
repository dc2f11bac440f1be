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
    /// Not in the paper (off by default): with prefix caching, a request goes
    /// first to the own bin's admissible server holding the longest prefix of
    /// its prompt, judged with the prefill that server would really do
    /// (docs/prefix-caching.md); without one, PolyServe's rule.
    public var prefixAffinity = false

    public init(steadyBatch: SteadyBatch = .decodeOnly, borrowLooserServers: Bool = false, deadlineAwareChunks: Bool = false,
                prefixAffinity: Bool = false) {
        self.steadyBatch = steadyBatch
        self.borrowLooserServers = borrowLooserServers
        self.deadlineAwareChunks = deadlineAwareChunks
        self.prefixAffinity = prefixAffinity
    }

    enum CodingKeys: String, CodingKey { case steadyBatch, borrowLooserServers, deadlineAwareChunks, prefixAffinity }

    // The affinity option is written only when on, so reports of plans without it read as before.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        steadyBatch = try c.decode(SteadyBatch.self, forKey: .steadyBatch)
        borrowLooserServers = try c.decode(Bool.self, forKey: .borrowLooserServers)
        deadlineAwareChunks = try c.decode(Bool.self, forKey: .deadlineAwareChunks)
        prefixAffinity = try c.decodeIfPresent(Bool.self, forKey: .prefixAffinity) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(steadyBatch, forKey: .steadyBatch)
        try c.encode(borrowLooserServers, forKey: .borrowLooserServers)
        try c.encode(deadlineAwareChunks, forKey: .deadlineAwareChunks)
        if prefixAffinity { try c.encode(true, forKey: .prefixAffinity) }
    }
}
