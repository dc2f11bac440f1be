/// How request arrival times are drawn or replayed.
public enum ArrivalProcess: Sendable, Equatable {
    /// Exponential gaps at `rate` requests per second.
    case poisson(rate: Double)
    /// Gamma-distributed gaps with mean `1/rate` and coefficient of variation `cv`
    /// (cv = 1 is Poisson; larger is burstier).
    case gamma(rate: Double, cv: Double)
    /// The trace's own timestamps, stretched by `timeScale` (2 halves the rate).
    case replay(trace: TraceSource, timeScale: Double)

    /// Mean arrival rate; for a replay, measured on the trace.
    public var rate: Double {
        switch self {
        case let .poisson(rate), let .gamma(rate, _): rate
        case let .replay(trace, timeScale): trace.meanRate / timeScale
        }
    }

    /// The same process with every rate multiplied by `factor`.
    public func scaled(by factor: Double) -> ArrivalProcess {
        switch self {
        case let .poisson(rate): .poisson(rate: rate * factor)
        case let .gamma(rate, cv): .gamma(rate: rate * factor, cv: cv)
        case let .replay(trace, timeScale): .replay(trace: trace, timeScale: timeScale / factor)
        }
    }
}

/// A trace named in a workload, with what the loader measured of it.
public struct TraceSource: Sendable, Equatable {
    public var path: String
    public var format: TraceFormat
    public var rows: Int
    public var durationSeconds: Double
    public var meanRate: Double { durationSeconds > 0 ? Double(max(rows - 1, 0)) / durationSeconds : 0 }
}
