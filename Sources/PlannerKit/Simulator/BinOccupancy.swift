/// Servers in one bin over a run, in memory that does not grow with the run:
/// seconds spent at each server count after the warm-up (for the mean and the
/// p95), the peak, and a timeline of change points thinned to at most
/// ``timelineLimit`` points, evenly by change index, for charts.
///
/// Recording is O(1) amortised; memory is O(peak servers + timelineLimit).
struct BinOccupancy {
    static let timelineLimit = 256

    let warmup: Double
    private var last: (time: Double, count: Int)?
    private var secondsAtCount: [Double] = []
    private var totalSeconds = 0.0
    private var serverSeconds = 0.0
    private(set) var peak = 0
    private var timeline: [[Double]] = []
    private var changes = 0
    /// Every `keepEvery`-th change point is kept in `timeline`.
    private var keepEvery = 1

    init(warmup: Double) { self.warmup = warmup }

    /// The bin holds `count` servers from `time` on (times non-decreasing).
    mutating func record(_ count: Int, at time: Double) {
        if let last, last.count == count { return }
        close(at: time)
        last = (time, count)
        peak = max(peak, count)
        if changes % keepEvery == 0 {
            if timeline.count == Self.timelineLimit {
                timeline = timeline.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                keepEvery *= 2
            }
            if changes % keepEvery == 0 { timeline.append([time, Double(count)]) }
        }
        changes += 1
    }

    /// Attributes the time since the last change, after the warm-up, to its count.
    private mutating func close(at time: Double) {
        guard let last else { return }
        let from = max(last.time, warmup)
        guard time > from else { return }
        let seconds = time - from
        totalSeconds += seconds
        serverSeconds += Double(last.count) * seconds
        if last.count >= secondsAtCount.count {
            secondsAtCount.append(contentsOf: repeatElement(0, count: last.count + 1 - secondsAtCount.count))
        }
        secondsAtCount[last.count] += seconds
    }

    /// Time-weighted mean and p95 after the warm-up, peak overall, to `end`.
    func summary(tpotMs: Double, end: Double) -> SimulationResult.BinServers {
        var closed = self
        closed.close(at: end)
        let mean = closed.totalSeconds > 0 ? closed.serverSeconds / closed.totalSeconds : 0
        var p95 = 0, accumulated = 0.0
        for (count, seconds) in closed.secondsAtCount.enumerated() where seconds > 0 {
            accumulated += seconds
            p95 = count
            if accumulated >= 0.95 * closed.totalSeconds { break }
        }
        return .init(tpotMs: tpotMs, peak: peak, p95: p95, mean: mean, timeline: timeline)
    }
}
