extension IterationTable {
    /// The largest token batch whose predicted iteration at `kvTokens` stays
    /// within `budgetMs`: the chunk budget of dynamic chunking and the
    /// per-bin capacity of the bound. Returns 0 when even the smallest
    /// batch is too slow, and `.infinity` when the table's slope is flat.
    ///
    /// Complexity: O(log n) interpolations, n the number of token-batch grid points.
    public func largestTokenBatch(withinMs budgetMs: Double, kvTokens kv: Double) -> Double {
        largestTokenBatch(withinMs: budgetMs, at: row(kvTokens: kv))
    }

    /// ``largestTokenBatch(withinMs:kvTokens:)`` at the KV of `row`, the same to the bit.
    public func largestTokenBatch(withinMs budgetMs: Double, at row: Row) -> Double {
        let ki = row.segment, v = row.fraction
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

extension IterationTable {
    /// The largest token batch `b ≥ decodes` whose iteration at `kvTokens`
    /// plus a convex extra cost of its chunk `c = b − decodes`,
    /// `quadratic · c² + linear · c` ms, stays within `budgetMs`; below
    /// `decodes` the extra is 0 and this is ``largestTokenBatch(withinMs:kvTokens:)``.
    /// The table is linear on each grid segment, so on the segment that holds
    /// the answer the condition is a quadratic in `c`, solved in closed form.
    ///
    /// Complexity: O(log n) interpolations, n the number of token-batch grid points.
    public func largestTokenBatch(withinMs budgetMs: Double, kvTokens kv: Double, decodes: Double,
                                  quadratic: Double, linear: Double) -> Double {
        largestTokenBatch(withinMs: budgetMs, at: row(kvTokens: kv), decodes: decodes, quadratic: quadratic, linear: linear)
    }

    /// ``largestTokenBatch(withinMs:kvTokens:decodes:quadratic:linear:)`` at the KV of `row`, the same to the bit.
    public func largestTokenBatch(withinMs budgetMs: Double, at row: Row, decodes: Double,
                                  quadratic: Double, linear: Double) -> Double {
        let ki = row.segment, v = row.fraction
        let w = tokenBatches.count
        @inline(__always) func column(_ b: Int) -> Double {
            let low = envelope[ki * w + b], high = envelope[(ki + 1) * w + b]
            return low + (high - low) * v
        }
        @inline(__always) func extra(_ b: Double) -> Double {
            let c = b - decodes
            return c > 0 ? (quadratic * c + linear) * c : 0
        }
        // Where the table alone is already over budget at `decodes`, the extra
        // never applies: the plain inverse answers (a batch below `decodes`).
        let atDecodes = iterationMs(tokenBatch: decodes, at: row)
        if atDecodes > budgetMs { return largestTokenBatch(withinMs: budgetMs, at: row) }
        // The last grid point whose total is within budget; the total is increasing in b.
        var lo = -1, hi = w
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if column(mid) + extra(tokenBatches[mid]) <= budgetMs { lo = mid } else { hi = mid }
        }
        // On the segment past grid point `lo` the table is `base + slope · (b − x0)`.
        let x0: Double, base: Double, slope: Double
        if lo < 0 {
            (x0, base, slope) = (tokenBatches[0], column(0), 0)
        } else {
            let next = min(lo + 1, w - 1), previous = next - 1
            x0 = tokenBatches[lo]
            base = column(lo)
            slope = (column(next) - column(previous)) / (tokenBatches[next] - tokenBatches[previous])
        }
        // quadratic·c² + (linear + slope)·c + (base + slope·(decodes − x0) − budget) = 0, for c ≥ 0.
        let b1 = linear + slope
        let k = base + slope * (decodes - x0) - budgetMs
        let c: Double
        if quadratic > 0 {
            c = (-b1 + (b1 * b1 - 4 * quadratic * k).squareRoot()) / (2 * quadratic)
        } else if b1 > 0 {
            c = -k / b1
        } else {
            return .infinity
        }
        return decodes + max(0, c)
    }
}

extension IterationTable {
    /// The steepest rise of the iteration time per token of batch, ms per
    /// token, over every segment of the envelope along the token axis (and
    /// the extrapolation past the last, which continues the last segment):
    /// no `δ` more tokens ever cost more than `δ` times this. O(grid size).
    public var steepestTokenSlope: Double {
        let w = tokenBatches.count
        var steepest = 0.0
        for row in 0..<kvTokens.count {
            for b in 1..<w {
                let rise = envelope[row * w + b] - envelope[row * w + b - 1]
                steepest = max(steepest, rise / (tokenBatches[b] - tokenBatches[b - 1]))
            }
        }
        return steepest
    }
}
