/// One GPU type × model × parallelism: metadata plus the iteration-time table.
public struct LatencyProfile: Sendable, Equatable {
    public var metadata: ProfileMetadata
    public var table: IterationTable

    public init(metadata: ProfileMetadata, table: IterationTable) {
        self.metadata = metadata
        self.table = table
    }

    /// Predicted iteration time in ms. O(log grid size).
    @inlinable
    public func iterationMs(tokenBatch: Double, kvTokens: Double) -> Double {
        table.iterationMs(tokenBatch: tokenBatch, kvTokens: kvTokens)
    }

    /// Largest token batch within `budgetMs` at `kvTokens`. O(log grid size).
    @inlinable
    public func largestTokenBatch(withinMs budgetMs: Double, kvTokens: Double) -> Double {
        table.largestTokenBatch(withinMs: budgetMs, kvTokens: kvTokens)
    }
}
