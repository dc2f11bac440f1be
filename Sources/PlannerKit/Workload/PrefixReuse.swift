/// How much prefill a prefix cache can save, at most: the bound's share of
/// each tier's prompt tokens that an engine could find cached.
///
/// The bound must stay above every policy, so it takes a reuse no engine can
/// beat: an infinite cache shared by the whole fleet, every block ever
/// computed kept. A simulated instance hits less: its cache is finite and
/// evicts, it sees only the requests routed to it, and a prompt arriving
/// while its prefix is still being prefilled finds nothing.
enum PrefixReuse {
    /// Each tier's share of prompt tokens an infinite shared cache serves, or
    /// `nil` without prefix caching. A tier's system prompts: their whole
    /// blocks over its mean prompt (every prompt but the first of each finds
    /// its prefix; the bound takes the steady state). A tier's sessions: each
    /// turn's whole history, replies included, over the turns' prompts
    /// (``Session/reuseUpperBound(blockTokens:turns:)``). A replayed trace: each
    /// request's leading blocks some earlier request held, over the run the
    /// workload's seed draws. O(requests · blocks) for a trace, O(tiers) otherwise.
    static func upperBound(_ workload: Workload) -> [Double]? {
        guard let table = workload.prefixTable else { return nil }
        guard case .replay = workload.arrivals else {
            return workload.tiers.enumerated().map { t, tier in
                if let session = tier.session { return session.reuseUpperBound(blockTokens: table.blockTokens) }
                guard let (_, blocks) = table.systemPrompts(ofTier: t) else { return 0 }
                return min(1, Double(blocks * table.blockTokens) / max(tier.lengths.meanPrompt, 1))
            }
        }
        var seen = Set<UInt64>()
        var prompt = Array(repeating: 0.0, count: workload.tiers.count), cached = prompt
        var stream = RequestStream(workload: workload)
        while let r = stream.next() {
            prompt[r.tier] += Double(r.prompt)
            guard r.prefixChain >= 0 else { continue }
            let chain = Int(r.prefixChain), blocks = Int(r.prefixBlocks)
            var hit = 0
            while hit < blocks, seen.contains(table.key(chain, hit)) { hit += 1 }
            // As an engine does: the last prompt token is always computed.
            cached[r.tier] += Double(min(hit, (r.prompt - 1) / table.blockTokens) * table.blockTokens)
            for i in 0..<blocks { seen.insert(table.key(chain, i)) }
        }
        return zip(cached, prompt).map { $1 > 0 ? $0 / $1 : 0 }
    }
}
