/// Speculative decoding through the simulator's one-token-per-iteration clock.
///
/// A verify step runs `k + 1` tokens for each of `D` decoding requests and `P`
/// prefill tokens, then the drafter's `k` small steps, and yields `E` tokens
/// per request on average (``SpeculativeDecoding/tokensPerStep``). The profile
/// answers for a *token step*: `1/E` of a verify step, which yields one token
/// per decoding request and advances prefill by `p = P/E` prompt tokens:
///
///     step(D, p) = [T((k+1)·D + E·p, KV) + overheads + k·f·decode(D, KV)] / E
///
/// So requests advance one token per step as without speculation, prompts
/// finish and tokens arrive at the verify steps' average pace, and every
/// query (admission, dynamic chunks, the bound's capacity) sees the same
/// clock. Tokens arrive evenly rather than in bursts of up to `k + 1`: TPOT
/// is the mean over a request's tokens, as serving benchmarks report it.
/// A step with no request decoding drafts nothing: it is the plain iteration.
extension LatencyProfile {
    /// One token step of `decodes` decoding requests and `prefill` prompt
    /// tokens, `sequences` requests in all, with `prefillPairs` attention pairs
    /// of the prompt tokens; without ``speculation``, the iteration itself. O(log grid size).
    @inlinable
    public func stepMs(decodes: Double, prefill: Double, kvTokens: Double, sequences: Double, prefillPairs: Double = 0) -> Double {
        guard let speculation else { return plainIterationMs(tokenBatch: decodes + prefill, kvTokens: kvTokens, sequences: sequences, prefillPairs: prefillPairs) }
        return stepMs(speculation, decodes: decodes, prefill: prefill, kvTokens: kvTokens, sequences: sequences, prefillPairs: prefillPairs)
    }

    /// The token budget of a step, from the engine's budget of `tokens` per verify
    /// step with `decodes` requests decoding: each runs `k + 1` tokens, and the
    /// rest goes to prompts at `E` prompt tokens per step's worth. Without
    /// ``speculation`` or decoding requests, `tokens`.
    @inlinable
    public func stepBudget(tokens: Double, decodes: Int) -> Double {
        guard let speculation, tokens.isFinite, decodes > 0 else { return tokens }
        let room = max(0, tokens - speculation.verifyTokens * Double(decodes))
        return Double(decodes) + room / speculation.tokensPerStep
    }

    // Inlined, like the largest step below: a call took the whole profile,
    // which every query beside it then copied, speculative or not.
    @inlinable @inline(__always)
    func stepMs(_ s: SpeculativeDecoding, decodes: Double, prefill: Double, kvTokens: Double, sequences: Double, prefillPairs: Double) -> Double {
        guard decodes > 0 else { return plainIterationMs(tokenBatch: prefill, kvTokens: kvTokens, sequences: sequences, prefillPairs: prefillPairs) }
        let e = s.tokensPerStep
        let verify = table.iterationMs(tokenBatch: s.verifyTokens * decodes + e * prefill, kvTokens: kvTokens)
            + overheadMs(sequences: sequences) + prefillAttentionMs(pairs: e * prefillPairs)
        let draft = Double(s.draftTokens) * s.draftCost * (table.iterationMs(tokenBatch: decodes, kvTokens: kvTokens) + overheadMs(sequences: decodes))
        return (verify + draft) / e
    }

    /// The largest decode batch (`decodes == nil`) or prefill chunk next to
    /// `decodes` whose token step fits `budgetMs`. Nothing above the table's
    /// inverse at `E · budgetMs` fits (the verify alone is too slow there).
    /// Between the grid's token batches, mapped onto this axis, the step is
    /// linear, plus the chunk's quadratic attention: a binary search over
    /// those knots finds the segment, where the quadratic is solved.
    /// O(grid · log grid), about a dozen step evaluations.
    @inlinable @inline(__always)
    func largestStep(_ s: SpeculativeDecoding, withinMs budgetMs: Double, kvTokens: Double, decodes: Double?, context: Double, attention: Bool) -> Double {
        if decodes == 0 {
            return attention ? plainLargestChunk(withinMs: budgetMs, kvTokens: kvTokens, decodes: 0, context: context)
                : plainLargestChunkIgnoringAttention(withinMs: budgetMs, kvTokens: kvTokens, decodes: 0)
        }
        let e = s.tokensPerStep, v = s.verifyTokens
        let ceiling = table.largestTokenBatch(withinMs: budgetMs * e, kvTokens: kvTokens)
        let step: (Double) -> Double
        let high: Double
        var knots: [Double]
        if let decodes {
            high = (ceiling - v * decodes) / e
            step = { c in
                let pairs = attention ? c * (context + (c + 1) / 2) : 0
                return stepMs(s, decodes: decodes, prefill: c, kvTokens: kvTokens, sequences: decodes + 1, prefillPairs: pairs)
            }
            knots = table.tokenBatches.map { ($0 - v * decodes) / e }
        } else {
            high = ceiling / v
            step = { d in stepMs(s, decodes: d, prefill: 0, kvTokens: kvTokens, sequences: d, prefillPairs: 0) }
            // The verify's batch v·d and the drafts' batch d cross grid points at different d.
            knots = table.tokenBatches.map { $0 / v } + table.tokenBatches
            knots.sort()
        }
        let zero = step(0)
        guard high > 0, high.isFinite, zero <= budgetMs else { return 0 }
        let top = step(high)
        if top <= budgetMs { return high }
        knots.removeAll { $0 <= 0 || $0 >= high }
        knots.insert(0, at: 0)
        knots.append(high)
        var lo = 0, hi = knots.count - 1
        var f0 = zero, f1 = top
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            let f = step(knots[mid])
            if f <= budgetMs { lo = mid; f0 = f } else { hi = mid; f1 = f }
        }
        // On [x0, x1], step(x0 + t·w) = f0 + b·t + c·t² exactly (c = 0 without attention); solve it equal to the budget.
        let x0 = knots[lo], w = knots[hi] - x0
        let c = attention && decodes != nil ? 2 * (f1 - 2 * step(x0 + w / 2) + f0) : 0
        let b = f1 - f0 - c
        let target = budgetMs - f0
        var t = abs(c) <= 1e-12 * abs(b) ? target / b : (-b + (b * b + 4 * c * target).squareRoot()) / (2 * c)
        if !t.isFinite { t = 0 }
        var x = x0 + min(max(t, 0), 1) * w
        // Rounding may leave the root a hair over the budget: step back until it fits.
        var back = max(x * 1e-12, 1e-12)
        while x > x0, step(x) > budgetMs {
            x = max(x0, x - back)
            back *= 2
        }
        return x
    }
}
