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
        guard let speculation else { return iterationMs(tokenBatch: decodes + prefill, kvTokens: kvTokens, sequences: sequences, prefillPairs: prefillPairs) }
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

    /// This profile without speculation: the plain iteration.
    @usableFromInline
    var plain: LatencyProfile { var p = self; p.speculation = nil; return p }

    @usableFromInline
    func stepMs(_ s: SpeculativeDecoding, decodes: Double, prefill: Double, kvTokens: Double, sequences: Double, prefillPairs: Double) -> Double {
        guard decodes > 0 else { return plain.iterationMs(tokenBatch: prefill, kvTokens: kvTokens, sequences: sequences, prefillPairs: prefillPairs) }
        let e = s.tokensPerStep
        let verify = table.iterationMs(tokenBatch: s.verifyTokens * decodes + e * prefill, kvTokens: kvTokens)
            + overheadMs(sequences: sequences) + prefillAttentionMs(pairs: e * prefillPairs)
        let draft = Double(s.draftTokens) * s.draftCost * (table.iterationMs(tokenBatch: decodes, kvTokens: kvTokens) + overheadMs(sequences: decodes))
        return (verify + draft) / e
    }

    /// The largest decode batch (`decodes == nil`) or prefill chunk next to
    /// `decodes` whose token step fits `budgetMs`: bisection between 0 and the
    /// table's inverse at `E · budgetMs`, above which the verify alone is too
    /// slow. Steps grow with both, so the bisection is exact to 1e-6 of a token. O(60 · log grid size).
    @usableFromInline
    func largestStep(_ s: SpeculativeDecoding, withinMs budgetMs: Double, kvTokens: Double, decodes: Double?, context: Double, attention: Bool) -> Double {
        if decodes == 0 {
            return attention ? plain.largestChunk(withinMs: budgetMs, kvTokens: kvTokens, decodes: 0, context: context)
                : plain.largestChunkIgnoringAttention(withinMs: budgetMs, kvTokens: kvTokens, decodes: 0)
        }
        let e = s.tokensPerStep
        let ceiling = table.largestTokenBatch(withinMs: budgetMs * e, kvTokens: kvTokens)
        let fits: (Double) -> Bool
        var high: Double
        if let decodes {
            high = (ceiling - s.verifyTokens * decodes) / e
            fits = { c in
                let pairs = attention ? c * (context + (c + 1) / 2) : 0
                return stepMs(s, decodes: decodes, prefill: c, kvTokens: kvTokens, sequences: decodes + 1, prefillPairs: pairs) <= budgetMs
            }
        } else {
            high = ceiling / s.verifyTokens
            fits = { d in stepMs(s, decodes: d, prefill: 0, kvTokens: kvTokens, sequences: d, prefillPairs: 0) <= budgetMs }
        }
        guard high > 0, high.isFinite, fits(0) else { return 0 }
        if fits(high) { return high }
        var low = 0.0
        for _ in 0..<60 where high - low > 1e-6 {
            let mid = (low + high) / 2
            if fits(mid) { low = mid } else { high = mid }
        }
        return low
    }
}
