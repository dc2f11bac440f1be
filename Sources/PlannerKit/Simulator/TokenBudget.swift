/// How many tokens (decodes plus prefill) an iteration may run: a policy's chunking rule.
enum TokenBudget: Sendable, Equatable {
    /// A static budget per iteration (the SLO-unaware baselines).
    case fixed(Double)
    /// PolyServe's dynamic chunking, ``PolyServePolicy/dynamicChunk(_:fleet:at:)``.
    case dynamic
}
