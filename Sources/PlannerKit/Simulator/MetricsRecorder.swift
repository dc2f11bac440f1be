import Profiling

/// Collects per-request outcomes (counts and latency sketches of constant size per tier)
/// and the servers in each bin over time.
struct MetricsRecorder {
    let tierNames: [String]
    let warmup: Double
    var arrivedCount = 0
    var completedCount = 0
    var measured: [Int]
    var attained: [Int]
    var ttft: [LatencySketch]
    var tpot: [LatencySketch]
    /// Change points (time, servers) per bin.
    var binHistory: [[(time: Double, count: Int)]]

    init(tiers: [String], bins: Int, warmup: Double) {
        tierNames = tiers
        self.warmup = warmup
        measured = Array(repeating: 0, count: tiers.count)
        attained = measured
        ttft = Array(repeating: LatencySketch(), count: tiers.count)
        tpot = ttft
        binHistory = Array(repeating: [], count: bins)
    }

    mutating func arrived(_ request: Request) { arrivedCount += 1 }

    mutating func completed(_ slot: Slot, at time: Double) {
        completedCount += 1
        let r = slot.request
        guard r.arrival >= warmup else { return }
        measured[r.tier] += 1
        if !slot.missed { attained[r.tier] += 1 }
        ttft[r.tier].record((slot.firstTokenTime - r.arrival) * 1000)
        if r.output > 1 { tpot[r.tier].record((time - slot.firstTokenTime) / Double(r.output - 1) * 1000) }
    }

    /// A request still in the system at the end: a miss.
    mutating func unfinished(_ request: Request) {
        guard request.arrival >= warmup else { return }
        measured[request.tier] += 1
    }

    mutating func binChanged(_ bin: Int, to count: Int, at time: Double) {
        if let last = binHistory[bin].last, last.count == count { return }
        binHistory[bin].append((time, count))
    }

    func result(policy: PolicyID, instances: Int?, rateScale: Double, seed: UInt64, unfinished: Int, levelsMs: [Double],
                end: Double, preemptions: Int, wall: Double, events: Int, busySeconds: [Double]) -> SimulationResult {
        let tiers = tierNames.indices.map { t in
            SimulationResult.TierMetrics(
                name: tierNames[t], measured: measured[t], attained: attained[t],
                attainment: measured[t] > 0 ? Double(attained[t]) / Double(measured[t]) : nil,
                ttftMs: ttft[t].percentiles, meanTTFTMs: ttft[t].mean,
                minTTFTMs: ttft[t].minimum, tpotMs: tpot[t].percentiles, busyInstanceSeconds: busySeconds[t])
        }
        let totalMeasured = measured.reduce(0, +)
        let bins = levelsMs.indices.map { b in binServers(binHistory[b], tpotMs: levelsMs[b], end: end) }
        return SimulationResult(
            policy: policy, instances: instances, rateScale: rateScale, seed: seed, arrived: arrivedCount, completed: completedCount,
            unfinished: unfinished, measured: totalMeasured,
            attainment: totalMeasured > 0 ? Double(attained.reduce(0, +)) / Double(totalMeasured) : nil,
            tiers: tiers, bins: bins, preemptions: preemptions, simulatedSeconds: end, wallSeconds: wall, events: events)
    }

    /// Time-weighted mean and p95 after the warm-up, peak overall.
    func binServers(_ history: [(time: Double, count: Int)], tpotMs: Double, end: Double) -> SimulationResult.BinServers {
        var weighted: [(count: Int, seconds: Double)] = []
        for (i, point) in history.enumerated() {
            let from = max(point.time, warmup), to = i + 1 < history.count ? history[i + 1].time : end
            if to > from { weighted.append((point.count, to - from)) }
        }
        let total = weighted.reduce(0) { $0 + $1.seconds }
        let mean = total > 0 ? weighted.reduce(0) { $0 + Double($1.count) * $1.seconds } / total : 0
        var p95 = 0, acc = 0.0
        for w in weighted.sorted(by: { $0.count < $1.count }) {
            acc += w.seconds
            p95 = w.count
            if acc >= 0.95 * total { break }
        }
        let stride = max(1, history.count / 200)
        let timeline = history.enumerated().filter { $0.offset % stride == 0 }.map { [$0.element.time, Double($0.element.count)] }
        return .init(tpotMs: tpotMs, peak: history.map(\.count).max() ?? 0, p95: p95, mean: mean, timeline: timeline)
    }
}
