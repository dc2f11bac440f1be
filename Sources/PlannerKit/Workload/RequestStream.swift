import HeapModule
import Profiling

/// Turns a workload into requests lazily, one at a time, in arrival order.
///
/// Memory is constant for synthetic arrivals; a replay streams its trace from
/// disk. Arrivals, tiers, lengths and TTFT draws use separate seeded streams,
/// so the same seed gives the same requests and changing one law leaves the
/// other draws as they were.
public struct RequestStream: Sequence, IteratorProtocol {
    public let workload: Workload
    private var arrivalRNG, tierRNG, lengthRNG, ttftRNG, prefixRNG, sessionRNG, thinkRNG: SeededGenerator
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
    /// Turns of open sessions not yet sent, by arrival (``Session``).
    private var sessionTurns = Heap<PendingTurn>()
    /// The next open arrival, drawn ahead so an earlier session turn can go first.
    private var upcoming: Request?
    private var arrivalsEnded = false
    private var sessionsStarted = 0
    private var queuedTurns = 0
    private let hasSessions: Bool

    public init(workload: Workload, seed: UInt64? = nil) {
        self.workload = workload
        let seed = seed ?? workload.seed
        arrivalRNG = SeededGenerator(seed: seed, stream: 1)
        tierRNG = SeededGenerator(seed: seed, stream: 2)
        lengthRNG = SeededGenerator(seed: seed, stream: 3)
        ttftRNG = SeededGenerator(seed: seed, stream: 4)
        prefixRNG = SeededGenerator(seed: seed, stream: 5)
        sessionRNG = SeededGenerator(seed: seed, stream: 6)
        thinkRNG = SeededGenerator(seed: seed, stream: 8)
        hasSessions = workload.tiers.contains { $0.session != nil }
        prefixes = workload.prefixTable
        cumulativeShares = Self.cumulative(workload.tiers.map(\.share))
        changedShares = workload.mixChange.map { Self.cumulative($0.shares) }
        windowShares = workload.schedule?.windows.map { $0.shares.map(Self.cumulative) } ?? []
        ttftCumulative = workload.tiers.map { Self.cumulative($0.ttftProbabilities) }
        tierIndex = Dictionary(uniqueKeysWithValues: workload.tiers.enumerated().map { ($1.name, $0) })
        if case let .replay(source, _) = workload.arrivals {
            do { trace = try TraceReader(path: source.path, format: source.format) } catch { self.error = error }
        }
        if hasSessions { startOpenSessions(seed: seed) }
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
        guard var request = hasSessions ? nextWithSessions() : nextArrival() else { return nil }
        request.id = produced
        produced += 1
        return request
    }

    /// The earlier of the next open arrival and the next session turn.
    private mutating func nextWithSessions() -> Request? {
        if upcoming == nil, !arrivalsEnded {
            upcoming = nextArrival()
            arrivalsEnded = upcoming == nil
        }
        if let turn = sessionTurns.min, upcoming.map({ turn.request.arrival < $0.arrival }) ?? true {
            if case .seconds(let s) = workload.runLength, turn.request.arrival > s { return nil }
            sessionTurns.removeMin()
            queueNextTurn(after: turn)
            return turn.request
        }
        defer { upcoming = nil }
        return upcoming
    }

    /// The next request of the arrival process; for a tier with sessions, a
    /// session's first turn (its later turns wait in ``sessionTurns``).
    private mutating func nextArrival() -> Request? {
        while true {
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
            if let session = spec.session {
                // Arrivals come at the tier's request rate; one in `mean turns` opens a session, whose turns bring the rest.
                guard sessionRNG.unit() * session.turns.mean < 1 else { continue }
                return startSession(tier: tier, at: clock)
            }
            if trace == nil { lengths = spec.lengths.sample(&lengthRNG) }
            let ttft = spec.ttftChoicesMs[ttftRNG.pick(cumulative: ttftCumulative[tier])]
            var request = Request(id: produced, arrival: clock, prompt: lengths.prompt, output: lengths.output, tier: tier,
                                  ttftSLO: ttft / 1000, tpotSLO: spec.tpotMs / 1000)
            if let prefixes {
                // A trace's row is its chain; a tier's system prompt is drawn uniformly. Only whole blocks of the prompt are cached.
                if trace != nil {
                    request.prefixChain = produced
                    request.prefixBlocks = Int32(Swift.min(prefixes.length(produced), lengths.prompt / prefixes.blockTokens))
                } else if let (first, blocks) = prefixes.systemPrompts(ofTier: tier), let p = spec.sharedPrefix {
                    request.prefixChain = first + Int(prefixRNG.unit() * Double(p.prompts))
                    request.prefixBlocks = Int32(blocks)
                }
            }
            return request
        }
    }

    /// Opens a session of tier `tier` at `time`: draws its turn count and
    /// first turn, and returns that turn, its successor queued; or, for a
    /// session opened before time 0, queues its first turn from time 0 on
    /// and returns `nil`. Turns are drawn one at a time, so only one turn per
    /// open session waits, whatever the turn count. O(log open sessions) per turn.
    @discardableResult
    private mutating func startSession(tier: Int, at time: Double) -> Request? {
        let spec = workload.tiers[tier], session = spec.session!
        var chain = -1
        if let prefixes {
            let system = prefixes.systemPrompts(ofTier: tier).map { $0.first + Int(prefixRNG.unit() * Double(spec.sharedPrefix!.prompts)) }
            chain = prefixes.sessionChain(sessionsStarted, systemPrompt: system)
        }
        sessionsStarted += 1
        var turn = PendingTurn(request: Request(id: -1, arrival: time, prompt: 0, output: 0, tier: tier, ttftSLO: 0, tpotSLO: 0),
                               order: 0, turnsLeft: session.turns.draw(&sessionRNG), history: session.systemTokens)
        turn.request.prefixChain = chain
        drawTurn(&turn, at: time)
        while turn.request.arrival < 0 {
            guard turn.turnsLeft > 0 else { return nil }
            drawTurn(&turn, at: nextTurnTime(after: turn.request))
        }
        if time >= 0 {
            queueNextTurn(after: turn)
            return turn.request
        }
        turn.order = queuedTurns
        queuedTurns += 1
        sessionTurns.insert(turn)
        return nil
    }

    /// Makes `turn` the session's next one, sent at `time`: a new message and reply on top of its history. O(1).
    private mutating func drawTurn(_ turn: inout PendingTurn, at time: Double) {
        let tier = turn.request.tier, spec = workload.tiers[tier]
        let next = spec.session!.nextTurn(history: &turn.history, lengthRNG: &lengthRNG)
        let ttft = spec.ttftChoicesMs[ttftRNG.pick(cumulative: ttftCumulative[tier])] / 1000
        turn.request = Request(id: -1, arrival: time, prompt: next.prompt, output: next.output, tier: tier,
                               ttftSLO: ttft, tpotSLO: spec.tpotMs / 1000, prefixChain: turn.request.prefixChain)
        if let prefixes, turn.request.prefixChain >= 0 {
            turn.request.prefixBlocks = Int32(Swift.min(next.prompt / prefixes.blockTokens, Int(Int32.max)))
        }
        turn.turnsLeft -= 1
    }

    /// When the turn after `request` is sent: its session's think time after its last token is due.
    private mutating func nextTurnTime(after request: Request) -> Double {
        let think = workload.tiers[request.tier].session!.thinkSeconds
        return request.deadline(ofToken: request.output) + (think > 0 ? thinkRNG.exponential(mean: think) : 0)
    }

    /// Queues the session's turn after `turn`, if it has one. O(log open sessions).
    private mutating func queueNextTurn(after turn: PendingTurn) {
        guard turn.turnsLeft > 0 else { return }
        var next = turn
        drawTurn(&next, at: nextTurnTime(after: turn.request))
        next.order = queuedTurns
        queuedTurns += 1
        sessionTurns.insert(next)
    }

    /// Sessions open at time 0 as if the stream had always run: sessions
    /// start over the preceding `H` seconds, Poisson at each session tier's
    /// rate over its mean turns (the base rate and shares; a schedule or mix
    /// change applies from time 0), and their turns from time 0 on are
    /// queued. `H` is four mean session lengths of the longest tier, cut so
    /// that about ``maximumWarmTurns`` turns at most are drawn.
    private mutating func startOpenSessions(seed: UInt64) {
        guard !workload.arrivals.isClosedLoop, trace == nil else { return }
        var rng = SeededGenerator(seed: seed, stream: 9)
        let rate = workload.arrivals.rate
        let weights = workload.tiers.map { tier in tier.session.map { tier.share / $0.turns.mean } ?? 0 }
        let startRate = rate * weights.reduce(0, +)
        guard startRate > 0, startRate.isFinite else { return }
        let span = workload.tiers.compactMap { tier -> Double? in
            guard let s = tier.session else { return nil }
            let ttft = zip(tier.ttftChoicesMs, tier.ttftProbabilities).reduce(0) { $0 + $1.0 * $1.1 } / 1000
            return s.turns.mean * (ttft + Swift.max(0, s.messages.meanOutput - 1) * tier.tpotMs / 1000 + s.thinkSeconds)
        }.max() ?? 0
        let sessionRate = rate * zip(weights, workload.tiers).reduce(0) { $0 + $1.0 * ($1.1.session?.turns.mean ?? 0) }
        let horizon = Swift.min(4 * span, Double(Self.maximumWarmTurns) / sessionRate)
        let sessionTiers = weights.indices.filter { weights[$0] > 0 }
        let cumulative = Self.cumulative(sessionTiers.map { weights[$0] * rate / startRate })
        var t = -horizon
        while true {
            t += rng.exponential(mean: 1 / startRate)
            guard t < 0 else { break }
            startSession(tier: sessionTiers[rng.pick(cumulative: cumulative)], at: t)
        }
    }

    /// About the most turns drawn to open a stream in steady state.
    static let maximumWarmTurns = 1_000_000

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

/// A session's turn waiting for its time; the order it was queued breaks ties, so runs repeat exactly.
private struct PendingTurn: Comparable {
    var request: Request
    var order: Int
    /// Turns the session sends after this one, and its conversation's tokens once this turn's reply is in.
    var turnsLeft: Int
    var history: Int
    static func < (a: PendingTurn, b: PendingTurn) -> Bool { (a.request.arrival, a.order) < (b.request.arrival, b.order) }
    static func == (a: PendingTurn, b: PendingTurn) -> Bool { a.order == b.order }
}
