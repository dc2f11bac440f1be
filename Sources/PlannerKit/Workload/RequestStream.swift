import Profiling

/// Turns a workload into requests lazily, one at a time, in arrival order.
///
/// Memory is constant for synthetic arrivals; a replay streams its trace from
/// disk. Arrivals, tiers, lengths and TTFT draws use separate seeded streams,
/// so the same seed gives the same requests and changing one law leaves the
/// other draws as they were.
public struct RequestStream: Sequence, IteratorProtocol {
    public let workload: Workload
    private var arrivalRNG, tierRNG, lengthRNG, ttftRNG, prefixRNG: SeededGenerator
    /// The run's prefix chains (``Workload/prefixTable``); `nil` without any.
    public let prefixes: PrefixTable?
    private var clock = 0.0
    private var produced = 0
    private var trace: TraceReader?
    private let cumulativeShares: [Double]
    private let changedShares: [Double]?
    /// Cumulative shares of each schedule window that sets its own mix.
    private let windowShares: [[Double]?]
    /// The schedule window of the latest arrival.
    private var scheduledWindow = 0
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
        prefixRNG = SeededGenerator(seed: seed, stream: 5)
        prefixes = workload.prefixTable
        cumulativeShares = Self.cumulative(workload.tiers.map(\.share))
        changedShares = workload.mixChange.map { Self.cumulative($0.shares) }
        windowShares = workload.schedule?.windows.map { $0.shares.map(Self.cumulative) } ?? []
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

    /// The next request of a closed loop, sent at `time` (when a client's
    /// previous request ended, plus its think time). The caller keeps the
    /// times in order; tiers, lengths and TTFT targets are drawn as for any
    /// other process.
    public mutating func next(arrivingAt time: Double) -> Request? {
        precondition(workload.arrivals.isClosedLoop, "only a closed loop's arrivals are timed by the caller")
        clock = time
        return next()
    }

    private mutating func produce() -> Request? {
        if case .requests(let n) = workload.runLength, produced >= n { return nil }
        var lengths: LengthPair
        var namedTier: String? = nil
        switch workload.arrivals {
        case .poisson(let rate):
            if let schedule = workload.schedule {
                clock = scheduledArrival(after: clock, schedule: schedule) { rng, r in rng.exponential(mean: 1 / (rate * r)) }
            } else {
                clock += arrivalRNG.exponential(mean: 1 / rate)
            }
            lengths = LengthPair(prompt: 0, output: 0)
        case let .gamma(rate, cv):
            let shape = 1 / (cv * cv)
            if let schedule = workload.schedule {
                clock = scheduledArrival(after: clock, schedule: schedule) { rng, r in rng.gamma(shape: shape, scale: 1 / (rate * r * shape)) }
            } else {
                clock += arrivalRNG.gamma(shape: shape, scale: 1 / (rate * shape))
            }
            lengths = LengthPair(prompt: 0, output: 0)
        case .closed:
            // The clock was set by `next(arrivingAt:)`.
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
        var shares = (changedShares != nil && clock >= workload.mixChange!.atSeconds) ? changedShares! : cumulativeShares
        if workload.schedule != nil, let own = windowShares[scheduledWindow] { shares = own }
        let tier = namedTier.flatMap { tierIndex[$0] } ?? tierRNG.pick(cumulative: shares)
        let spec = workload.tiers[tier]
        if trace == nil { lengths = spec.lengths.sample(&lengthRNG) }
        let ttft = spec.ttftChoicesMs[ttftRNG.pick(cumulative: ttftCumulative[tier])]
        defer { produced += 1 }
        var request = Request(id: produced, arrival: clock, prompt: lengths.prompt, output: lengths.output, tier: tier,
                              ttftSLO: ttft / 1000, tpotSLO: spec.tpotMs / 1000)
        if let prefixes {
            // A trace's row is its chain; a tier's system prompt is drawn uniformly. Only whole blocks of the prompt are cached.
            if trace != nil {
                request.prefixChain = Int32(produced)
                request.prefixBlocks = Int32(Swift.min(prefixes.length(produced), lengths.prompt / prefixes.blockTokens))
            } else if let (first, blocks) = prefixes.systemPrompts(ofTier: tier), let p = spec.sharedPrefix {
                request.prefixChain = Int32(first + Int(prefixRNG.unit() * Double(p.prompts)))
                request.prefixBlocks = Int32(blocks)
            }
        }
        return request
    }

    /// The next arrival under a schedule: gaps drawn at the current window's
    /// rate (`draw(generator, multiple)`); a gap that crosses the window's end
    /// is dropped and drawn again from the end at the next window's rate.
    /// Exact for Poisson arrivals (memoryless); for gamma arrivals the renewal
    /// restarts at each window boundary.
    private mutating func scheduledArrival(after t: Double, schedule: DemandSchedule,
                                           draw: (inout SeededGenerator, Double) -> Double) -> Double {
        var now = t
        while true {
            let (index, end) = schedule.window(atSeconds: now)
            let next = now + draw(&arrivalRNG, schedule.windows[index].rateScale)
            if next < end {
                scheduledWindow = index
                return next
            }
            now = end
        }
    }
}
