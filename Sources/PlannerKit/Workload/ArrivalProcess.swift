/// How request arrival times are drawn or replayed.
public enum ArrivalProcess: Sendable, Equatable {
    /// Exponential gaps at `rate` requests per second.
    case poisson(rate: Double)
    /// Gamma-distributed gaps with mean `1/rate` and coefficient of variation `cv`
    /// (cv = 1 is Poisson; larger is burstier).
    case gamma(rate: Double, cv: Double)
    /// The trace's own timestamps, stretched by `timeScale` (2 halves the rate).
    case replay(trace: TraceSource, timeScale: Double)
    /// A closed loop, as benchmark clients run at a fixed concurrency
    /// (`vllm bench serve --max-concurrency`, GuideLLM's concurrent sweeps):
    /// `users` clients each send one request at time 0 and their next one
    /// `thinkSeconds` after the previous one ends. The arrival rate follows
    /// from the latency, so a closed loop has no offered rate.
    case closed(users: Int, thinkSeconds: Double)

    /// Mean arrival rate of an open process (for a replay, measured on the
    /// trace); `nil` for a closed loop.
    public var offeredRate: Double? {
        switch self {
        case let .poisson(rate), let .gamma(rate, _): rate
        case let .replay(trace, timeScale): trace.meanRate / timeScale
        case .closed: nil
        }
    }

    /// Mean arrival rate. Planning sizes fleets for an offered rate, so every
    /// planning entry point refuses a closed loop (``PlanningInputs``); 0 for one.
    public var rate: Double { offeredRate ?? 0 }

    public var isClosedLoop: Bool { if case .closed = self { true } else { false } }

    /// The same process with every rate multiplied by `factor` (a closed loop's users).
    public func scaled(by factor: Double) -> ArrivalProcess {
        switch self {
        case let .poisson(rate): .poisson(rate: rate * factor)
        case let .gamma(rate, cv): .gamma(rate: rate * factor, cv: cv)
        case let .replay(trace, timeScale): .replay(trace: trace, timeScale: timeScale / factor)
        // More load from a closed loop is more users: the nearest whole number, at least one.
        case let .closed(users, think): .closed(users: Swift.max(1, Int((Double(users) * factor).rounded())), thinkSeconds: think)
        }
    }
}
