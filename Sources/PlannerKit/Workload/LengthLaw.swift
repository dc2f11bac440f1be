import Profiling
import Foundation

/// How one length (prompt or output tokens) is drawn.
public enum LengthLaw: Sendable, Equatable {
    case fixed(Int)
    /// Uniform integers in `min...max`.
    case uniform(min: Int, max: Int)
    /// `exp(N(log median, sigma))`, rounded and clamped to `min...max`.
    case lognormal(median: Double, sigma: Double, min: Int, max: Int)
    /// Inverse CDF through `(quantile, tokens)` points, linear between them;
    /// quantiles run from 0 to 1 and tokens never fall.
    case quantiles([(q: Double, tokens: Double)])
    /// Another law's draws plus `by` tokens: a shared prefix ahead of every prompt.
    indirect case shifted(LengthLaw, by: Int)

    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case let (.fixed(x), .fixed(y)): x == y
        case let (.uniform(a1, a2), .uniform(b1, b2)): a1 == b1 && a2 == b2
        case let (.lognormal(a1, a2, a3, a4), .lognormal(b1, b2, b3, b4)): a1 == b1 && a2 == b2 && a3 == b3 && a4 == b4
        case let (.quantiles(x), .quantiles(y)): x.elementsEqual(y) { $0.q == $1.q && $0.tokens == $1.tokens }
        case let (.shifted(x, m), .shifted(y, n)): x == y && m == n
        default: false
        }
    }

    public func sample(_ rng: inout SeededGenerator) -> Int {
        switch self {
        case .fixed(let n): return n
        case let .uniform(lo, hi): return lo + Int(rng.unit() * Double(hi - lo + 1))
        case let .lognormal(median, sigma, lo, hi):
            let x = (median * exp(sigma * rng.normal())).rounded()
            return Int(Swift.min(Swift.max(x, Double(lo)), Double(hi)))
        case .quantiles(let points):
            let u = rng.unit()
            var i = 1
            while i < points.count - 1, points[i].q < u { i += 1 }
            let (a, b) = (points[i - 1], points[i])
            let f = b.q > a.q ? (u - a.q) / (b.q - a.q) : 0
            return Int((a.tokens + f * (b.tokens - a.tokens)).rounded())
        case let .shifted(law, n): return law.sample(&rng) + n
        }
    }

    /// The fewest tokens the law ever draws.
    public var minimum: Int {
        switch self {
        case .fixed(let n): n
        case let .uniform(lo, _): lo
        case let .lognormal(_, _, lo, _): lo
        case .quantiles(let points): Int((points.first?.tokens ?? 1).rounded(.down))
        case let .shifted(law, n): law.minimum + n
        }
    }

    /// The most tokens the law ever draws.
    public var maximum: Int {
        switch self {
        case .fixed(let n): n
        case let .uniform(_, hi): hi
        case let .lognormal(_, _, _, hi): hi
        case .quantiles(let points): Int((points.last?.tokens ?? 1).rounded(.up))
        case let .shifted(law, n): law.maximum + n
        }
    }

    /// The law's mean, in closed form where one exists (the lognormal's is
    /// taken before clamping, an approximation stated in the docs).
    public var mean: Double {
        switch self {
        case .fixed(let n): Double(n)
        case let .uniform(lo, hi): Double(lo + hi) / 2
        case let .lognormal(median, sigma, lo, hi): Swift.min(Swift.max(median * exp(sigma * sigma / 2), Double(lo)), Double(hi))
        case .quantiles(let points):
            zip(points, points.dropFirst()).reduce(0) { $0 + ($1.1.q - $1.0.q) * ($1.0.tokens + $1.1.tokens) / 2 }
        case let .shifted(law, n): law.mean + Double(n)
        }
    }
}

/// Prompt and output lengths of a tier: two independent laws, or pairs drawn
/// together from a trace or length file (which keeps their correlation).
public enum LengthModel: Sendable, Equatable {
    case independent(prompt: LengthLaw, output: LengthLaw)
    /// Pairs resampled uniformly with replacement; `source` names the file.
    case empirical(pairs: [LengthPair], source: String)

    /// Every prompt `tokens` longer: a shared prefix ahead of what the law draws.
    public func shiftingPrompts(by tokens: Int) -> LengthModel {
        switch self {
        case let .independent(prompt, output): .independent(prompt: .shifted(prompt, by: tokens), output: output)
        case let .empirical(pairs, source): .empirical(pairs: pairs.map { LengthPair(prompt: Swift.max(1, $0.prompt) + tokens, output: $0.output) }, source: source)
        }
    }

    public func sample(_ rng: inout SeededGenerator) -> LengthPair {
        switch self {
        case let .independent(prompt, output):
            return LengthPair(prompt: Swift.max(1, prompt.sample(&rng)), output: Swift.max(1, output.sample(&rng)))
        case let .empirical(pairs, _):
            let pair = pairs[Int(rng.unit() * Double(pairs.count))]
            return LengthPair(prompt: Swift.max(1, pair.prompt), output: Swift.max(1, pair.output))
        }
    }

    /// The shortest request's KV footprint, prompt plus output (at least one token each, as drawn).
    public var shortestRequest: LengthPair {
        switch self {
        case let .independent(prompt, output):
            return LengthPair(prompt: Swift.max(1, prompt.minimum), output: Swift.max(1, output.minimum))
        case let .empirical(pairs, _):
            let p = pairs.min { $0.prompt + $0.output < $1.prompt + $1.output }!
            return LengthPair(prompt: Swift.max(1, p.prompt), output: Swift.max(1, p.output))
        }
    }

    /// The share of requests whose prompt plus output exceeds `kvCapacity`
    /// tokens, from `draws` seeded draws (exact for an empirical table). O(draws).
    public func shareOutgrowing(kvCapacity: Int, draws: Int = 20_000, seed: UInt64 = 1) -> Double {
        if case let .empirical(pairs, _) = self {
            return Double(pairs.filter { Swift.max(1, $0.prompt) + Swift.max(1, $0.output) > kvCapacity }.count) / Double(pairs.count)
        }
        // No draw can exceed the laws' maxima: nothing to count.
        if case let .independent(prompt, output) = self, Swift.max(1, prompt.maximum) + Swift.max(1, output.maximum) <= kvCapacity { return 0 }
        var rng = SeededGenerator(seed: seed, stream: 7)
        var over = 0
        for _ in 0..<draws { let r = sample(&rng); if r.prompt + r.output > kvCapacity { over += 1 } }
        return Double(over) / Double(draws)
    }

    /// Throws unless the shortest request fits in `kvCapacity` tokens (the KV
    /// cache of `holder`): a request that outgrows every server is never served,
    /// and a plan or a replay of it would report nonsense rather than fail.
    public func checkShortestFits(kvCapacity: Int, holder: String, source: String, field: String? = nil) throws(InputError) {
        let shortest = shortestRequest
        guard shortest.prompt + shortest.output > kvCapacity else { return }
        throw InputError(source: source, field: field,
                         "its shortest request (prompt \(shortest.prompt) + output \(shortest.output) tokens) needs more KV cache than \(holder) holds (\(kvCapacity) tokens), so no server can run it: shorten the lengths or use a server with more memory")
    }

    public var meanPrompt: Double {
        switch self {
        case let .independent(prompt, _): prompt.mean
        case let .empirical(pairs, _): Double(pairs.reduce(0) { $0 + $1.prompt }) / Double(pairs.count)
        }
    }

    public var meanOutput: Double {
        switch self {
        case let .independent(_, output): output.mean
        case let .empirical(pairs, _): Double(pairs.reduce(0) { $0 + $1.output }) / Double(pairs.count)
        }
    }
}

public struct LengthPair: Sendable, Equatable, Hashable {
    public var prompt: Int
    public var output: Int
    public init(prompt: Int, output: Int) {
        self.prompt = prompt
        self.output = output
    }
}
