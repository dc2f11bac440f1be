extension IterationTable {
    /// The largest token batch whose predicted iteration at `kvTokens` stays
    /// within `budgetMs`: the chunk budget of dynamic chunking and the
    /// per-level capacity of the bound. Returns 0 when even the smallest
    /// batch is too slow, and `.infinity` when the table's slope is flat.
    ///
    /// Complexity: O(log n) interpolations, n the number of token-batch grid points.
    public func largestTokenBatch(withinMs budgetMs: Double, kvTokens kv: Double) -> Double {
        let (ki, v) = Self.segment(kvTokens, kv)
        let w = tokenBatches.count
        @inline(__always) func column(_ b: Int) -> Double {
            let low = envelope[ki * w + b], high = envelope[(ki + 1) * w + b]
            return low + (high - low) * v
        }
        if column(0) > budgetMs { return 0 }
        let lastValue = column(w - 1)
        if lastValue <= budgetMs {
            let slope = (lastValue - column(w - 2)) / (tokenBatches[w - 1] - tokenBatches[w - 2])
            return slope > 0 ? tokenBatches[w - 1] + (budgetMs - lastValue) / slope : .infinity
        }
        // column(lo) ≤ budget < column(hi): the answer lies on segment [lo, hi].
        var lo = 0, hi = w - 1
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if column(mid) <= budgetMs { lo = mid } else { hi = mid }
        }
        let a = column(lo), b = column(hi)
        let fraction = b > a ? (budgetMs - a) / (b - a) : 0
        return tokenBatches[lo] + fraction * (tokenBatches[hi] - tokenBatches[lo])
    }

    /// Iteration time at the smallest measured batch and no KV: the floor
    /// below which no TPOT target can be met.
    public var minimumIterationMs: Double { envelope[0] }
}
