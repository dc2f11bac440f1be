import Foundation

/// Multi-turn conversations of a tier: each session sends `turns` requests,
/// and each turn's prompt is the whole conversation so far (the system
/// prompt, every earlier message and reply) plus the new message, as a chat
/// application resends it (docs/workloads.md).
///
/// The next message is sent a think time after the previous reply would
/// have ended on target (its last token's deadline): the stream stays open,
/// independent of how the fleet serves it, so the bound and every policy see
/// the same requests.
public struct Session: Sendable, Equatable {
    /// How many turns a session has.
    public enum Turns: Sendable, Equatable {
        /// Every session has this many.
        case fixed(Int)
        /// Geometric on 1, 2, …, with this mean: each turn is the last with probability 1/mean.
        case geometric(mean: Double)

        public var mean: Double {
            switch self {
            case .fixed(let n): Double(n)
            case .geometric(let mean): mean
            }
        }

        /// One session's turns. O(1).
        func draw(_ rng: inout SeededGenerator) -> Int {
            switch self {
            case .fixed(let n): return n
            case .geometric(let mean):
                guard mean > 1 else { return 1 }
                // Inversion: P(T > t) = (1 − 1/mean)^t.
                let t = 1 + (log(rng.unit()) / log(1 - 1 / mean)).rounded(.down)
                return Int(Swift.min(t, Double(Session.maximumTurns)))
            }
        }
    }

    public var turns: Turns
    /// Mean think time between a reply and the next message, seconds (exponential; 0: none).
    public var thinkSeconds: Double
    /// Each turn's new message (its prompt part) and reply.
    public var messages: LengthModel
    /// Tokens of the system prompt each session begins with (the tier's ``Tier/SharedPrefix``); 0: none.
    public var systemTokens: Int

    /// The most turns one session may have (a geometric draw is cut there).
    public static let maximumTurns = 10_000
    /// The most mean think time, seconds (a day).
    public static let maximumThinkSeconds = 86_400.0

    public init(turns: Turns, thinkSeconds: Double, messages: LengthModel, systemTokens: Int = 0) {
        self.turns = turns
        self.thinkSeconds = thinkSeconds
        self.messages = messages
        self.systemTokens = systemTokens
    }

    /// One turn as drawn: its prompt (conversation so far plus the message),
    /// its reply, and the conversation's tokens before the message (what a
    /// cache that kept every earlier block could hold).
    public struct Turn: Sendable, Equatable {
        public var prompt: Int
        public var output: Int
        public var history: Int
    }

    /// Draws one session's turns: their count from `turnRNG`, the messages
    /// and replies from `lengthRNG`. O(turns).
    public func draw(turnRNG: inout SeededGenerator, lengthRNG: inout SeededGenerator) -> [Turn] {
        let count = turns.draw(&turnRNG)
        var history = systemTokens
        var out: [Turn] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(nextTurn(history: &history, lengthRNG: &lengthRNG)) }
        return out
    }

    /// The turn after a conversation of `history` tokens (``systemTokens``
    /// before the first): a message and reply from `lengthRNG`, both then
    /// added to `history`. O(1).
    public func nextTurn(history: inout Int, lengthRNG: inout SeededGenerator) -> Turn {
        let m = messages.sample(&lengthRNG)
        defer { history += m.prompt + m.output }
        return Turn(prompt: history + m.prompt, output: m.output, history: history)
    }

    /// The law of a turn's prompt and reply over many sessions (every turn of
    /// every session counted, as the stream sends them): what plans, the bound
    /// and summaries read as the tier's lengths. Seeded, so the same session
    /// law gives the same table. O(turns).
    public func requestLengths(turns target: Int = 20_000, tier: String) -> LengthModel {
        var turnRNG = SeededGenerator(seed: 1, stream: 301), lengthRNG = SeededGenerator(seed: 1, stream: 302)
        var pairs: [LengthPair] = []
        pairs.reserveCapacity(target)
        while pairs.count < target {
            pairs += draw(turnRNG: &turnRNG, lengthRNG: &lengthRNG).map { LengthPair(prompt: $0.prompt, output: $0.output) }
        }
        return .empirical(pairs: pairs, source: "the turns of tier '\(tier)''s sessions")
    }

    /// The share of prompt tokens a cache holding every block ever computed
    /// (prompts and replies, in `blockTokens`-token blocks) could serve, over
    /// the same draws as ``requestLengths(turns:tier:)``: each turn finds its
    /// history's whole blocks, less the last prompt token (always computed).
    /// At most what any engine finds; the bound uses it. O(turns).
    public func reuseUpperBound(blockTokens: Int, turns target: Int = 20_000) -> Double {
        var turnRNG = SeededGenerator(seed: 1, stream: 301), lengthRNG = SeededGenerator(seed: 1, stream: 302)
        var drawn = 0, prompt = 0.0, cached = 0.0
        while drawn < target {
            for turn in draw(turnRNG: &turnRNG, lengthRNG: &lengthRNG) {
                prompt += Double(turn.prompt)
                cached += Double(Swift.min(turn.history / blockTokens, (turn.prompt - 1) / blockTokens) * blockTokens)
                drawn += 1
            }
        }
        return prompt > 0 ? cached / prompt : 0
    }
}
