extension LatencyProfile {
    /// The same profile with every time multiplied by `factor`: the table,
    /// prefill attention and the engine's overheads. Capacity, price and the
    /// running cap stay. A plan sizes its fleet at `1 ∓ band` of the profile
    /// to show what the latency model's error is worth in GPUs.
    /// - Precondition: `factor` is finite and positive.
    public func scaled(by factor: Double) throws(InputError) -> LatencyProfile {
        precondition(factor.isFinite && factor > 0, "a latency scale must be finite and positive")
        var copy = self
        copy.table = try IterationTable(tokenBatches: table.tokenBatches, kvTokens: table.kvTokens,
                                        values: table.values.map { $0 * factor }, source: metadata.name)
        copy.metadata.prefillAttentionMsPerMillionPairs *= factor
        copy.metadata.iterationOverheadMs *= factor
        copy.metadata.sequenceOverheadMs *= factor
        copy.metadata.requestOverheadMs *= factor
        return copy
    }
}
