import Profiling

/// What `planner workload show` reports, also embedded in plans.
public struct WorkloadSummary: Sendable, Codable {
    public struct TierSummary: Sendable, Codable {
        public var name: String
        public var tpotMs: Double
        public var ttftChoicesMs: [Double]
        public var ttftProbabilities: [Double]
        public var share: Double
        public var rateRps: Double
        /// The tier's own target, or the workload's.
        public var attainmentTarget: Double
        public var meanPrompt: Double
        public var meanOutput: Double
        /// Percentiles of sampled lengths (nil for no samples).
        public var promptPercentiles: Percentiles<Int>?
        public var outputPercentiles: Percentiles<Int>?
        public var tokensPerSecond: Double
        /// Shared system prompts and sessions in words (``Tier/sharedPrefix``, ``Tier/session``),
        /// or a replayed trace's reusable share of prompt tokens; `nil`: none of them.
        public var reuse: String?
    }

    public var name: String
    public var description: String
    public var source: String
    public var sha256: String
    public var seed: UInt64
    public var attainmentTarget: Double
    public var arrivals: String
    public var totalRateRps: Double
    public var runLength: String
    public var warmupSeconds: Double
    public var mixChange: String?
    public var profiles: [String]
    public var tiers: [TierSummary]
    public var expectedTokensPerSecond: Double
}

extension Workload {
    /// Summarises the workload; length percentiles come from `samples` seeded draws per tier.
    /// A replayed trace's prefix reuse is counted over the run: O(requests · blocks).
    public func summary(samples: Int = 20_000) -> WorkloadSummary {
        let traceReuse: [Double]? = if case .replay = arrivals { PrefixReuse.upperBound(self) } else { nil }
        let tiers = self.tiers.enumerated().map { index, tier in
            var rng = SeededGenerator(seed: seed, stream: 100 + UInt64(index))
            var prompts: [Int] = [], outputs: [Int] = []
            for _ in 0..<samples {
                let pair = tier.lengths.sample(&rng)
                prompts.append(pair.prompt); outputs.append(pair.output)
            }
            let rate = tier.share * totalRate
            return WorkloadSummary.TierSummary(
                name: tier.name, tpotMs: tier.tpotMs, ttftChoicesMs: tier.ttftChoicesMs, ttftProbabilities: tier.ttftProbabilities,
                share: tier.share, rateRps: rate, attainmentTarget: tier.attainmentTarget ?? attainmentTarget, meanPrompt: tier.lengths.meanPrompt, meanOutput: tier.lengths.meanOutput,
                promptPercentiles: Percentiles(prompts), outputPercentiles: Percentiles(outputs), tokensPerSecond: rate * tier.meanTokens,
                reuse: traceReuse.map { Self.traceReuseDescription($0[index]) } ?? tier.reuseDescription)
        }
        let arrivalText: String = switch arrivals {
        case .poisson(let rate): "poisson at \(rate) req/s"
        case let .gamma(rate, cv): "gamma renewal at \(rate) req/s, cv \(cv)"
        case let .closed(users, think): "closed loop of \(users) users, think time \(think) s"
        // The trace's own lengths beside the tiers' `lengths` (the bound's law), so a mismatch shows.
        case let .replay(trace, scale):
            "replay of \(trace.path) (\(trace.format.rawValue), \(trace.rows) requests over \(Int(trace.durationSeconds)) s, "
                + "prompt mean \(fmtShort(trace.meanPrompt)), output mean \(fmtShort(trace.meanOutput))), time scale \(scale)"
        }
        let runText: String = switch runLength {
        case .requests(let n): "\(n) requests"
        case .seconds(let s): "\(s) s"
        }
        let changeText = mixChange.map { c in
            "at \(c.atSeconds) s shares become " + zip(self.tiers, c.shares).map { "\($0.name) \(Double(Int(($1 * 1e6).rounded())) / 1e6)" }.joined(separator: ", ")
        }
        return WorkloadSummary(
            name: name, description: description, source: sourcePath, sha256: sourceChecksum, seed: seed,
            attainmentTarget: attainmentTarget, arrivals: arrivalText, totalRateRps: totalRate, runLength: runText,
            warmupSeconds: warmupSeconds, mixChange: changeText, profiles: profilePaths, tiers: tiers,
            expectedTokensPerSecond: expectedTokensPerSecond)
    }
}

extension Workload {
    /// A replayed trace's reuse in words, from its share of prompt tokens an infinite shared cache serves (``PrefixReuse``).
    static func traceReuseDescription(_ share: Double) -> String {
        "the trace's hash_ids: \(fmt(share * 100, 1)) % of prompt tokens in blocks an earlier request held (an infinite shared cache's hits; an instance's own cache finds fewer)"
    }
}

extension Tier {
    /// "4 system prompts of 500 tokens; sessions of 3.5 turns on average (geometric), 30 s think time"; `nil` with neither.
    var reuseDescription: String? {
        var parts: [String] = []
        if let p = sharedPrefix { parts.append("\(p.prompts) system prompt\(p.prompts == 1 ? "" : "s") of \(p.tokens) tokens") }
        if let s = session {
            let turns = switch s.turns {
            case .fixed(let n): "\(n) turn\(n == 1 ? "" : "s")"
            case .geometric(let mean): "\(fmtShort(mean)) turns on average (geometric)"
            }
            parts.append("sessions of \(turns), \(fmtShort(s.thinkSeconds)) s think time; prompts carry the history")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
