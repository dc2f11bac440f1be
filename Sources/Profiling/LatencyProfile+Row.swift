/// Queries at one resident KV: an iteration's chunk size and length, or an
/// admission test's steady state and chunks, all read the table at the same
/// KV, whose place on the KV axis is then found once (``IterationTable/Row``).
/// Each answers as its `kvTokens:` form does, to the bit; with speculation,
/// whose token steps read the table at several batches, they are that form.
extension LatencyProfile {
    /// The profile's table at `kvTokens` resident tokens. O(log grid points in its binade).
    @inlinable
    public func row(kvTokens: Double) -> IterationTable.Row { table.row(kvTokens: kvTokens) }

    /// ``iterationMs(tokenBatch:kvTokens:sequences:prefillPairs:)`` at the KV of `row`. O(log grid size).
    @inlinable
    public func iterationMs(tokenBatch: Double, at row: IterationTable.Row, sequences: Double, prefillPairs: Double = 0) -> Double {
        guard speculation == nil else { return iterationMs(tokenBatch: tokenBatch, kvTokens: row.kvTokens, sequences: sequences, prefillPairs: prefillPairs) }
        return plainIterationMs(tokenBatch: tokenBatch, at: row, sequences: sequences, prefillPairs: prefillPairs)
    }

    /// ``stepMs(decodes:prefill:kvTokens:sequences:prefillPairs:)`` at the KV of `row`. O(log grid size).
    @inlinable
    public func stepMs(decodes: Double, prefill: Double, at row: IterationTable.Row, sequences: Double, prefillPairs: Double = 0) -> Double {
        guard speculation == nil else { return stepMs(decodes: decodes, prefill: prefill, kvTokens: row.kvTokens, sequences: sequences, prefillPairs: prefillPairs) }
        return plainIterationMs(tokenBatch: decodes + prefill, at: row, sequences: sequences, prefillPairs: prefillPairs)
    }

    /// ``largestChunk(withinMs:kvTokens:decodes:context:)`` at the KV of `row`. O(log grid size).
    @inlinable
    public func largestChunk(withinMs budgetMs: Double, at row: IterationTable.Row, decodes: Double, context: Double) -> Double {
        guard speculation == nil else { return largestChunk(withinMs: budgetMs, kvTokens: row.kvTokens, decodes: decodes, context: context) }
        return plainLargestChunk(withinMs: budgetMs, at: row, decodes: decodes, context: context)
    }

    /// ``largestChunkIgnoringAttention(withinMs:kvTokens:decodes:)`` at the KV of `row`. O(log grid size).
    @inlinable
    public func largestChunkIgnoringAttention(withinMs budgetMs: Double, at row: IterationTable.Row, decodes: Double) -> Double {
        guard speculation == nil else { return largestChunkIgnoringAttention(withinMs: budgetMs, kvTokens: row.kvTokens, decodes: decodes) }
        return plainLargestChunkIgnoringAttention(withinMs: budgetMs, at: row, decodes: decodes)
    }
}
