import Profiling

/// Turns a workload into requests lazily, one at a time, in arrival order.
///
/// Memory is constant for synthetic arrivals; a replay streams its trace from
/// disk. Arrivals, tiers, lengths and TTFT draws use separate seeded streams,
/// so the same seed gives the same requests and changing one law leaves the
/// other draws as they were.
public struct RequestStream: Sequence, IteratorProtocol {
    public let workload: Workload
    private var arrivalRNG, tierRNG, lengthRNG, ttftRNG: SeededGenerator
    private var clock = 0.0
    private var produced = 0
    private var trace: TraceReader?
    private let cumulativeShares: [Double]
    private let changedShares: [Double]?
    private let ttftCumulative: [[Double]]
    private let tierIndex: [String: Int]
    /// Set when a replayed trace fails to read mid-stream (the loader checked it, so only if it changed since).
    public private(set) var error: InputError?
    /// Whether `next()` has returned `nil`.
    public private(set) var isExhausted = false

    public init(workload: Workload, seed: UInt64? = nil) {
        self.workload = workload
        let seed = seed ?? workload.seed
        arrivalRNG = SeededGenerator(seed: seed, stream: 1)
        tierRNG = SeededGenerator(seed: seed, stream: 2)
        lengthRNG = SeededGenerator(seed: seed, stream: 3)
        ttftRNG = SeededGenerator(seed: seed, stream: 4)
        cumulativeShares = Self.cumulative(workload.tiers.map(\.share))
        changedShares = workload.mixChange.map { Self.cumulative($0.shares) }
        ttftCumulative = workload.tiers.map { Self.cumulative($0.ttftProbabilities) }
        tierIndex = Dictionary(uniqueKeysWithValues: workload.tiers.enumerated().map { ($1.name, $0) })
        if case let .replay(source, _) = workload.arrivals {
            do { trace = try TraceReader(path: source.path, format: source.format) } catch { self.error = error }
        }
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        var sum = 0.0
        var out = weights.map { sum += $0; return sum }
        if !out.isEmpty { out[out.count - 1] = 1 }
        return out
    }

    public mutating func next() -> Request? {
        guard let request = produce() else {
            isExhausted = true
            return nil
        }
        return request
    }

    private mutating func produce() -> Request? {
        if case .requests(let n) = workload.runLength, produced >= n { return nil }
        var lengths: LengthPair
        var namedTier: String? = nil
        switch workload.arrivals {
        case .poisson(let rate):
            clock += arrivalRNG.exponential(mean: 1 / rate)
            lengths = LengthPair(prompt: 0, output: 0)
        case let .gamma(rate, cv):
            let shape = 1 / (cv * cv)
            clock += arrivalRNG.gamma(shape: shape, scale: 1 / (rate * shape))
            lengths = LengthPair(prompt: 0, output: 0)
        case let .replay(_, timeScale):
            guard error == nil, trace != nil else { return nil }
            let record: TraceRecord?
            do { record = try trace!.next() } catch {
                self.error = error
                return nil
            }
            guard let record else { return nil }
            clock = (record.arrival ?? 0) * timeScale
            lengths = LengthPair(prompt: Swift.max(1, record.prompt), output: Swift.max(1, record.output))
            namedTier = record.tier
        }
        if case .seconds(let s) = workload.runLength, clock > s { return nil }
        let shares = (changedShares != nil && clock >= workload.mixChange!.atSeconds) ? changedShares! : cumulativeShares
        let tier = namedTier.flatMap { tierIndex[$0] } ?? tierRNG.pick(cumulative: shares)
        let spec = workload.tiers[tier]
        if trace == nil { lengths = spec.lengths.sample(&lengthRNG) }
        let ttft = spec.ttftChoicesMs[ttftRNG.pick(cumulative: ttftCumulative[tier])]
        defer { produced += 1 }
        return Request(id: produced, arrival: clock, prompt: lengths.prompt, output: lengths.output, tier: tier,
                       ttftSLO: ttft / 1000, tpotSLO: spec.tpotMs / 1000)
    }
}
