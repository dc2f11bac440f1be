import Foundation

/// Speculative decoding as a deployment option: a drafter proposes
/// ``draftTokens`` tokens per running request, the served model verifies them
/// in one step, and each draft token is kept with probability ``acceptance``
/// given the ones before it were (the usual i.i.d. model of Leviathan et al.,
/// 2023). A step yields the accepted prefix plus the model's own next token.
///
/// The drafter's cost is a fraction of the served model's decode step at the
/// same batch, per draft token: multi-token-prediction or EAGLE heads are one
/// transformer layer and the LM head (a few percent of a step); a separate
/// draft model costs about its share of the weights read per step (a 1B draft
/// for a 70B model, about 0.02 to 0.05, more at tensor parallelism, where the
/// small model's collectives dominate).
public struct SpeculativeDecoding: Sendable, Equatable, Codable {
    /// Tokens the drafter proposes per request per step, `k`.
    public var draftTokens: Int { didSet { tokensPerStep = Self.expectedTokens(draftTokens, acceptance) } }
    /// Probability that a draft token is accepted given the previous one was, `α`.
    public var acceptance: Double { didSet { tokensPerStep = Self.expectedTokens(draftTokens, acceptance) } }
    /// One draft token's time as a fraction of the served model's decode step
    /// at the same batch and KV, `f`.
    public var draftCost: Double
    /// Expected tokens per verify step per request, `E = (1 − α^(k+1)) / (1 − α)`:
    /// the accepted prefix (at most `k`) plus the model's own token. 1 ≤ E ≤ k + 1.
    /// Kept with the figures: every step time divides by it.
    public private(set) var tokensPerStep: Double

    private enum CodingKeys: String, CodingKey { case draftTokens, acceptance, draftCost }

    /// Ranges a deployment can have: `k` in 1...16, `α` in [0, 1), `f` in [0, 1].
    public static let draftTokenRange = 1...16
    public static let costRange = 0.0...1.0

    public init(draftTokens: Int, acceptance: Double, draftCost: Double) {
        self.draftTokens = draftTokens
        self.acceptance = acceptance
        self.draftCost = draftCost
        tokensPerStep = Self.expectedTokens(draftTokens, acceptance)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(draftTokens: try c.decode(Int.self, forKey: .draftTokens), acceptance: try c.decode(Double.self, forKey: .acceptance),
                  draftCost: try c.decode(Double.self, forKey: .draftCost))
    }

    static func expectedTokens(_ k: Int, _ alpha: Double) -> Double {
        alpha == 0 ? 1 : (1 - Foundation.pow(alpha, Double(k) + 1)) / (1 - alpha)
    }

    /// Tokens the served model runs per request in a verify step: the last
    /// accepted token and the `k` drafts.
    public var verifyTokens: Double { Double(draftTokens + 1) }
}
