/// A class of requests with one TPOT SLO and one TTFT law.
public struct Tier: Sendable, Equatable {
    /// The name every plan's summary gives the fleet's row, so no tier may take it (in any case).
    public static let reservedName = "total"

    public var name: String
    /// Time per output token after the first, milliseconds.
    public var tpotMs: Double
    /// TTFT SLO choices in milliseconds and their probabilities (summing to 1).
    public var ttftChoicesMs: [Double]
    public var ttftProbabilities: [Double]
    /// Fraction of the total arrival rate (shares of all tiers sum to 1).
    public var share: Double
    public var lengths: LengthModel
    /// The tier's own attainment target (fraction of its requests that must
    /// attain their deadline SLO); `nil` takes the workload's.
    public var attainmentTarget: Double?
    /// System prompts the tier's requests begin with (``lengths`` already counts their tokens); `nil`: none.
    public var sharedPrefix: SharedPrefix?
    /// Multi-turn conversations its requests belong to (``lengths`` is then the
    /// law of their turns, history included); `nil`: every request stands alone.
    public var session: Session?

    /// `prompts` distinct system prompts of `tokens` tokens; each request begins with one, drawn uniformly.
    public struct SharedPrefix: Sendable, Equatable {
        public var prompts: Int
        public var tokens: Int
        public init(prompts: Int, tokens: Int) {
            self.prompts = prompts
            self.tokens = tokens
        }
        /// The most of either a workload may give (they index the prefix keys).
        public static let maximumPrompts = (1 << 21) - 1
        public static let maximumTokens = ((1 << 21) - 1) * PrefixTable.generatedBlockTokens
    }

    public init(name: String, tpotMs: Double, ttftChoicesMs: [Double], ttftProbabilities: [Double], share: Double, lengths: LengthModel,
                attainmentTarget: Double? = nil) {
        self.name = name
        self.tpotMs = tpotMs
        self.ttftChoicesMs = ttftChoicesMs
        self.ttftProbabilities = ttftProbabilities
        self.share = share
        self.lengths = lengths
        self.attainmentTarget = attainmentTarget
    }

    /// Expected prompt plus output tokens of one request.
    public var meanTokens: Double { lengths.meanPrompt + lengths.meanOutput }
}

extension Tier {
    /// One tier carrying all the traffic, with SLOs too loose to bind: what a
    /// replay of a measured run uses, where only the latencies matter.
    public static func unconstrained(lengths: LengthModel) -> Tier {
        Tier(name: "all", tpotMs: InputLimits.maximumSLOMs, ttftChoicesMs: [InputLimits.maximumSLOMs], ttftProbabilities: [1],
             share: 1, lengths: lengths)
    }
}
