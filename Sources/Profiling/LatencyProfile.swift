/// One GPU type × model × parallelism: metadata plus the iteration-time table.
///
/// An iteration costs the table's time at its token batch and resident KV,
/// plus the engine's per-iteration overhead, plus the attention of its
/// prefill chunks (``ProfileMetadata/prefillAttentionMsPerMillionPairs``).
public struct LatencyProfile: Sendable, Equatable {
    public var metadata: ProfileMetadata
    public var table: IterationTable

    public init(metadata: ProfileMetadata, table: IterationTable) {
        self.metadata = metadata
        self.table = table
    }

    /// Predicted iteration time in ms, without prefill attention. O(log grid size).
    @inlinable
    public func iterationMs(tokenBatch: Double, kvTokens: Double) -> Double {
        table.iterationMs(tokenBatch: tokenBatch, kvTokens: kvTokens) + metadata.iterationOverheadMs
    }

    /// Predicted iteration time in ms with `prefillPairs` (query, context)
    /// pairs of prefill attention. O(log grid size).
    @inlinable
    public func iterationMs(tokenBatch: Double, kvTokens: Double, prefillPairs: Double) -> Double {
        iterationMs(tokenBatch: tokenBatch, kvTokens: kvTokens) + prefillAttentionMs(pairs: prefillPairs)
    }

    /// Attention time of prefill chunks with `pairs` (query, context) pairs, ms.
    @inlinable
    public func prefillAttentionMs(pairs: Double) -> Double {
        metadata.prefillAttentionMsPerMillionPairs * pairs * 1e-6
    }

    /// Largest token batch within `budgetMs` at `kvTokens`, without prefill
    /// attention. O(log grid size).
    @inlinable
    public func largestTokenBatch(withinMs budgetMs: Double, kvTokens: Double) -> Double {
        table.largestTokenBatch(withinMs: budgetMs - metadata.iterationOverheadMs, kvTokens: kvTokens)
    }

    /// Largest prefill chunk `c` such that an iteration of `decodes` decode
    /// tokens plus the chunk, whose first token sits `context` tokens into its
    /// prompt, stays within `budgetMs`: the table's time plus the chunk's
    /// `c · (context + (c + 1)/2)` attention pairs. Without attention this is
    /// ``largestTokenBatch(withinMs:kvTokens:)`` minus `decodes`. O(log grid size).
    @inlinable
    public func largestChunk(withinMs budgetMs: Double, kvTokens: Double, decodes: Double, context: Double) -> Double {
        let a = metadata.prefillAttentionMsPerMillionPairs * 1e-6
        guard a > 0 else { return largestTokenBatch(withinMs: budgetMs, kvTokens: kvTokens) - decodes }
        return table.largestTokenBatch(withinMs: budgetMs - metadata.iterationOverheadMs, kvTokens: kvTokens, decodes: decodes,
                                       quadratic: a / 2, linear: a * (context + 0.5)) - decodes
    }
}
