import Profiling

/// The optimal-goodput bound as a mixed-integer program (docs/bound.md).
///
/// Bins are the distinct TPOT values; a server in the bin of TPOT `s` (on profile `g`)
/// may carry any tier whose TPOT is at least `s`. Variables: integer servers
/// `n[s,g]`; the attained rate `x[c,s,g]` of each class `c` (tier × length
/// bucket) on the pools it may use; in the work-conserving bound also the late
/// rate `y[c,s,g]` on any pool (a late request is still processed, wherever it
/// is cheapest); and for the goodput problem the scale `θ` of the mix.
/// Constraints per pool: each ``ServerRegion`` facet
/// `Σ (x+y)·(tokens·s − β·kv·s) ≤ α·n` and `Σ (x+y)·kv·s ≤ capacity·n`;
/// per class `Σ x + Σ y = θ·rate` (work-conserving) or `Σ x ≤ θ·rate`
/// (clairvoyant); attainment per tier `Σ x ≥ target_t·θ·rate_t`, or overall
/// `Σ x ≥ target·θ·Λ`.
public struct BoundProblem: Sendable {
    public enum Objective: Sendable, Equatable {
        /// Fewest GPUs (or dollars, when `byCost`) carrying every tier's rate.
        case sizing(byCost: Bool)
        /// Largest common scale of the mix on at most this many instances.
        case goodput(instances: Int)
        /// Largest common scale of the mix on at most `mix[g]` instances of
        /// each profile `g` (a mixed fleet of fixed composition).
        case goodputOnMix([Int])

        var isGoodput: Bool {
            switch self {
            case .sizing: false
            case .goodput, .goodputOnMix: true
            }
        }
    }

    /// What happens to requests that miss their SLO.
    public enum Admission: String, Sendable, Codable {
        /// Every request is processed; a late one still costs tokens and KV (the headline bound).
        case workConserving = "work_conserving"
        /// Late requests may go unserved, chosen knowing their lengths ("clairvoyant admission control").
        case clairvoyant
    }

    /// Which attainment the bound guarantees.
    public enum AttainmentRule: String, Sendable, Codable {
        /// Every tier at its own target (the plan's definition).
        case perTier = "per_tier"
        /// All requests together at the workload's target (the paper's figure).
        case overall
    }

    public struct Options: Sendable {
        public var admission = Admission.workConserving
        public var attainment = AttainmentRule.perTier
        public var bucketsPerTier = 4
        public var allowSharing = true
        public var regionSamples = 64
        public var solver = SolverOptions(timeLimitSeconds: 60)
        /// Disaggregated serving (first profile only): prefill instances as an
        /// integer resource of their own, decode pools per bin; `nil`: co-located.
        public var disaggregation: Disaggregation?
        public init() {}
    }

    public let workload: Workload
    public let profiles: [LatencyProfile]
    public let objective: Objective
    public let options: Options

    /// A tier × bucket with its rate.
    struct Class {
        var tier: Int
        var bucket: LengthBucket
        var rate: Double
    }

    /// A bin on one profile, with its region.
    struct Pool {
        var binTpotMs: Double
        var profile: Int
        var region: ServerRegion
    }

    public init(workload: Workload, profiles: [LatencyProfile], objective: Objective, options: Options = .init()) {
        self.workload = workload
        self.profiles = workload.deployed(profiles)
        self.objective = objective
        self.options = options
    }

    /// Each tier's length buckets at its rate. With prefix caching (co-located
    /// serving), every prompt is shortened by the most a cache could serve of
    /// it (``PrefixReuse``): less prefill, less KV, an earlier first token, so
    /// the bound stays above what any engine reaches.
    func classes() -> [Class] {
        let reuse = options.disaggregation == nil ? PrefixReuse.upperBound(workload) : nil
        return workload.tiers.enumerated().flatMap { index, tier in
            tier.lengthBuckets(count: options.bucketsPerTier, seed: workload.seed &+ UInt64(index)).map { bucket in
                var b = bucket
                if let reuse { b.meanPrompt *= 1 - reuse[index] }
                return Class(tier: index, bucket: b, rate: workload.tierRates[index] * b.weight)
            }
        }
    }

    func pools() -> [Pool] {
        workload.tpotBinsMs.flatMap { tpotMs in
            (options.disaggregation == nil ? Array(profiles.indices) : [0]).compactMap { g in
                ServerRegion(profile: profiles[g], binTpotMs: tpotMs, samples: options.regionSamples).map { Pool(binTpotMs: tpotMs, profile: g, region: $0) }
            }
        }
    }

    /// Whether class `c` may run on pool `p`: a bin no tighter than allowed,
    /// and its bucket's mean prompt prefilled within the tier's loosest TTFT
    /// choice on an idle server (lenient, so the bound stays an upper bound).
    func admits(_ c: Class, _ p: Pool) -> Bool {
        let tier = workload.tiers[c.tier]
        guard p.binTpotMs <= tier.tpotMs else { return false }
        if !options.allowSharing, p.binTpotMs != tier.tpotMs { return false }
        return prefillMs(c.bucket.meanPrompt, p) <= tier.ttftChoicesMs.max()!
    }

    func prefillMs(_ prompt: Double, _ p: Pool) -> Double {
        if let d = options.disaggregation { return disaggregatedPrefillMs(prompt, d) }
        return prompt * p.region.prefillWeight / p.region.idleChunk * p.binTpotMs
    }

    /// A prompt on an idle prefill instance, in chunks of the prefill token
    /// budget, plus its KV transfer (prefill attention left out: lenient).
    func disaggregatedPrefillMs(_ prompt: Double, _ d: Disaggregation) -> Double {
        let budget = Double(d.prefillTokenBudget)
        let chunks = max(1, (prompt / budget).rounded(.up))
        let profile = profiles[0]
        return chunks * profile.iterationMs(tokenBatch: min(max(prompt, 1), budget), kvTokens: 0, sequences: 1) + d.transferSeconds(tokens: Int(prompt.rounded())) * 1000
    }

    /// Prompt tokens per second one prefill instance can run at most: the best
    /// `b / t(b)` over the grid's batches up to the budget, and the budget itself.
    func prefillThroughput(_ d: Disaggregation) -> Double {
        let profile = profiles[0]
        let budget = Double(d.prefillTokenBudget)
        let batches = profile.table.tokenBatches.filter { $0 <= budget } + [budget]
        return batches.map { $0 / profile.iterationMs(tokenBatch: $0, kvTokens: 0, sequences: 1) * 1000 }.max() ?? 0
    }

    /// Explains why a tier can use no pool at all, or `nil` when it can use one.
    func infeasibility(ofTier t: Int, classes: [Class], pools: [Pool]) -> String? {
        let tier = workload.tiers[t]
        let mine = classes.filter { $0.tier == t }
        if mine.contains(where: { c in pools.contains { admits(c, $0) } }) { return nil }
        let floors = profiles.map { "\($0.metadata.name) \(fmtShort($0.table.minimumIterationMs)) ms" }.joined(separator: ", ")
        let usable = pools.filter { $0.binTpotMs <= tier.tpotMs && (options.allowSharing || $0.binTpotMs == tier.tpotMs) }
        if usable.isEmpty {
            return "its TPOT \(fmtShort(tier.tpotMs)) ms is below the iteration time at batch 1 (\(floors))"
        }
        let best = usable.map { prefillMs(mine.map(\.bucket.meanPrompt).min()!, $0) }.min()!
        return "its prompts cannot be prefilled within its TTFT \(fmtShort(tier.ttftChoicesMs.max()!)) ms (at best \(fmtShort(best)) ms on an idle server)"
    }
}
