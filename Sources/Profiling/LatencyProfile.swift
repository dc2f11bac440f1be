/// One GPU type × model × parallelism: metadata plus the iteration-time table.
///
/// An iteration costs the table's time at its token batch and resident KV,
/// plus the engine's per-iteration overhead and its overhead per running
/// request (``ProfileMetadata/sequenceOverheadMs``), plus the attention of its
/// prefill chunks (``ProfileMetadata/prefillAttentionMsPerMillionPairs``).
///
/// With ``speculation`` every query answers for a *token step*, the share of a
/// verify step that yields one token per decoding request (see
/// `LatencyProfile+Speculation.swift`); without it, a step is an iteration.
public struct LatencyProfile: Sendable, Equatable {
    public var metadata: ProfileMetadata
    public var table: IterationTable
    /// The deployment's speculative decoding, or `nil` for one token per request per iteration.
    public var speculation: SpeculativeDecoding?

    public init(metadata: ProfileMetadata, table: IterationTable) {
        self.metadata = metadata
        self.table = table
    }

    /// Predicted iteration time in ms of `tokenBatch` tokens from `sequences`
    /// running requests, with `prefillPairs` (query, context) pairs of prefill
    /// attention: the table, the engine's per-iteration and per-sequence
    /// overheads, and the attention. O(log grid size).
    @inlinable
    public func iterationMs(tokenBatch: Double, kvTokens: Double, sequences: Double, prefillPairs: Double = 0) -> Double {
        if let speculation {
            let decodes = min(tokenBatch, sequences)
            return stepMs(speculation, decodes: decodes, prefill: tokenBatch - decodes, kvTokens: kvTokens, sequences: sequences, prefillPairs: prefillPairs)
        }
        return plainIterationMs(tokenBatch: tokenBatch, kvTokens: kvTokens, sequences: sequences, prefillPairs: prefillPairs)
    }

    /// ``iterationMs(tokenBatch:kvTokens:sequences:prefillPairs:)`` without speculation.
    @inlinable
    func plainIterationMs(tokenBatch: Double, kvTokens: Double, sequences: Double, prefillPairs: Double) -> Double {
        plainIterationMs(tokenBatch: tokenBatch, at: table.row(kvTokens: kvTokens), sequences: sequences, prefillPairs: prefillPairs)
    }

    @inlinable
    func plainIterationMs(tokenBatch: Double, at row: IterationTable.Row, sequences: Double, prefillPairs: Double) -> Double {
        // Summed term by term, not through overheadMs(sequences:): the simulator's figures stay bit for bit.
        table.iterationMs(tokenBatch: tokenBatch, at: row) + metadata.iterationOverheadMs
            + metadata.sequenceOverheadMs * sequences + prefillAttentionMs(pairs: prefillPairs)
    }

    /// The engine's time outside the table in an iteration of `sequences`
    /// running requests: per iteration plus per request, ms.
    @inlinable
    public func overheadMs(sequences: Double) -> Double {
        metadata.iterationOverheadMs + metadata.sequenceOverheadMs * sequences
    }

    /// A decode iteration: one token for each of `tokenBatch` running requests. O(log grid size).
    @inlinable
    public func decodeIterationMs(tokenBatch: Double, kvTokens: Double) -> Double {
        iterationMs(tokenBatch: tokenBatch, kvTokens: kvTokens, sequences: tokenBatch)
    }

    /// Attention time of prefill chunks with `pairs` (query, context) pairs, ms.
    @inlinable
    public func prefillAttentionMs(pairs: Double) -> Double {
        metadata.prefillAttentionMsPerMillionPairs * pairs * 1e-6
    }

    /// Largest decode batch (one token per running request) within
    /// `budgetMs` at `kvTokens`, without prefill attention. O(log grid size).
    @inlinable
    public func largestTokenBatch(withinMs budgetMs: Double, kvTokens: Double) -> Double {
        if let speculation { return largestStep(speculation, withinMs: budgetMs, kvTokens: kvTokens, decodes: nil, context: 0, attention: false) }
        let perSequence = metadata.sequenceOverheadMs
        let budget = budgetMs - metadata.iterationOverheadMs
        guard perSequence > 0 else { return table.largestTokenBatch(withinMs: budget, kvTokens: kvTokens) }
        return table.largestTokenBatch(withinMs: budget, kvTokens: kvTokens, decodes: 0, quadratic: 0, linear: perSequence)
    }

    /// Largest prefill chunk `c` such that an iteration of `decodes` decode
    /// tokens plus the chunk, whose first token sits `context` tokens into its
    /// prompt, stays within `budgetMs`: the table's time plus the chunk's
    /// `c · (context + (c + 1)/2)` attention pairs, and the overheads of
    /// `decodes + 1` sequences. O(log grid size).
    @inlinable
    public func largestChunk(withinMs budgetMs: Double, kvTokens: Double, decodes: Double, context: Double) -> Double {
        if let speculation { return largestStep(speculation, withinMs: budgetMs, kvTokens: kvTokens, decodes: decodes, context: context, attention: true) }
        return plainLargestChunk(withinMs: budgetMs, kvTokens: kvTokens, decodes: decodes, context: context)
    }

    /// ``largestChunk(withinMs:kvTokens:decodes:context:)`` without speculation.
    @inlinable
    func plainLargestChunk(withinMs budgetMs: Double, kvTokens: Double, decodes: Double, context: Double) -> Double {
        plainLargestChunk(withinMs: budgetMs, at: table.row(kvTokens: kvTokens), decodes: decodes, context: context)
    }

    @inlinable
    func plainLargestChunk(withinMs budgetMs: Double, at row: IterationTable.Row, decodes: Double, context: Double) -> Double {
        let a = metadata.prefillAttentionMsPerMillionPairs * 1e-6
        guard a > 0 else { return plainLargestChunkIgnoringAttention(withinMs: budgetMs, at: row, decodes: decodes) }
        return table.largestTokenBatch(withinMs: budgetMs - overheadMs(sequences: decodes + 1), at: row, decodes: decodes,
                                       quadratic: a / 2, linear: a * (context + 0.5)) - decodes
    }

    /// ``largestChunk(withinMs:kvTokens:decodes:context:)`` without the chunk's
    /// attention: never smaller, so a bound on it from above. O(log grid size).
    @inlinable
    public func largestChunkIgnoringAttention(withinMs budgetMs: Double, kvTokens: Double, decodes: Double) -> Double {
        if let speculation { return largestStep(speculation, withinMs: budgetMs, kvTokens: kvTokens, decodes: decodes, context: 0, attention: false) }
        return plainLargestChunkIgnoringAttention(withinMs: budgetMs, kvTokens: kvTokens, decodes: decodes)
    }

    /// ``largestChunkIgnoringAttention(withinMs:kvTokens:decodes:)`` without speculation.
    @inlinable
    func plainLargestChunkIgnoringAttention(withinMs budgetMs: Double, kvTokens: Double, decodes: Double) -> Double {
        plainLargestChunkIgnoringAttention(withinMs: budgetMs, at: table.row(kvTokens: kvTokens), decodes: decodes)
    }

    @inlinable
    func plainLargestChunkIgnoringAttention(withinMs budgetMs: Double, at row: IterationTable.Row, decodes: Double) -> Double {
        table.largestTokenBatch(withinMs: budgetMs - overheadMs(sequences: decodes + 1), at: row) - decodes
    }
}
