import Histogram
import Profiling

/// Latencies of one tier in constant memory: an HDR histogram at three
/// significant digits over microseconds (each percentile within 0.1 % of a
/// recorded value, or 1 µs), with the exact count, mean and minimum beside it.
/// Memory does not grow with the number of requests. Recording is O(1).
struct LatencySketch: Sendable {
    /// Sized from the start for latencies up to a minute: growing from 2 µs one
    /// new maximum at a time re-copied the counts at every step and took a
    /// sixth of a simulation's instructions. Longer latencies still grow it;
    /// the buckets, so every percentile, are the same either way.
    private var histogram: Histogram<UInt64> = {
        var h = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        h.autoResize = true
        return h
    }()
    private(set) var count = 0
    private var sum = 0.0
    private(set) var minimum: Double?

    /// Records `ms` milliseconds (finite and non-negative).
    mutating func record(_ ms: Double) {
        count += 1
        sum += ms
        minimum = Swift.min(minimum ?? ms, ms)
        let micros = (ms * 1000).rounded()
        _ = histogram.record(UInt64(Swift.max(1, Swift.min(micros, 1e15))))
    }

    var mean: Double? { count > 0 ? sum / Double(count) : nil }

    /// p50, p90 and p99 in ms; `nil` when nothing was recorded.
    var percentiles: Percentiles<Double>? {
        guard count > 0 else { return nil }
        func at(_ q: Double) -> Double { Double(histogram.valueAtPercentile(q)) / 1000 }
        return Percentiles(p50: at(50), p90: at(90), p99: at(99))
    }
}
