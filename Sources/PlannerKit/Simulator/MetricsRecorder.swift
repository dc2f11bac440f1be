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
    /// Servers in each bin over time.
    var bins: [BinOccupancy]

    /// Seconds every request spends in the engine before its first iteration
    /// (requests reach the simulation that much later; see ``Simulation/reachingEngine(_:)``).
    let requestOverhead: Double

    init(tiers: [String], bins: Int, warmup: Double, requestOverhead: Double = 0) {
        tierNames = tiers
        self.requestOverhead = requestOverhead
        // Arrivals reach the recorder shifted by the overhead: so does the warm-up.
        self.warmup = warmup + requestOverhead
        measured = Array(repeating: 0, count: tiers.count)
        attained = measured
        ttft = Array(repeating: LatencySketch(), count: tiers.count)
        tpot = ttft
        self.bins = Array(repeating: BinOccupancy(warmup: warmup), count: bins)
    }

    mutating func arrived(_ request: Request) { arrivedCount += 1 }

    mutating func completed(_ slot: Slot, at time: Double) {
        completedCount += 1
        let r = slot.request
        guard r.arrival >= warmup else { return }
        measured[r.tier] += 1
        if !slot.missed { attained[r.tier] += 1 }
        ttft[r.tier].record((slot.firstTokenTime - r.arrival + requestOverhead) * 1000)
        if r.output > 1 { tpot[r.tier].record((time - slot.firstTokenTime) / Double(r.output - 1) * 1000) }
    }

    /// A request still in the system at the end: a miss.
    mutating func unfinished(_ request: Request) {
        guard request.arrival >= warmup else { return }
        measured[request.tier] += 1
    }

    mutating func binChanged(_ bin: Int, to count: Int, at time: Double) {
        bins[bin].record(count, at: time)
    }

    func result(policy: PolicyID, instances: Int?, rateScale: Double, seed: UInt64, unfinished: Int, levelsMs: [Double],
                end: Double, preemptions: Int, wall: Double, events: Int, busySeconds: [Double], poolLimitReached: Bool, routing: RoutingCounts?) -> SimulationResult {
        let tiers = tierNames.indices.map { t in
            SimulationResult.TierMetrics(
                name: tierNames[t], measured: measured[t], attained: attained[t],
                attainment: measured[t] > 0 ? Double(attained[t]) / Double(measured[t]) : nil,
                ttftMs: ttft[t].percentiles, meanTTFTMs: ttft[t].mean,
                minTTFTMs: ttft[t].minimum, tpotMs: tpot[t].percentiles, busyInstanceSeconds: busySeconds[t])
        }
        let totalMeasured = measured.reduce(0, +)
        let bins = levelsMs.indices.map { b in self.bins[b].summary(tpotMs: levelsMs[b], end: end) }
        return SimulationResult(
            policy: policy, instances: instances, rateScale: rateScale, seed: seed, arrived: arrivedCount, completed: completedCount,
            unfinished: unfinished, measured: totalMeasured,
            attainment: totalMeasured > 0 ? Double(attained.reduce(0, +)) / Double(totalMeasured) : nil,
            tiers: tiers, bins: bins, preemptions: preemptions, simulatedSeconds: end, wallSeconds: wall, events: events,
            poolLimitReached: poolLimitReached, routing: routing)
    }
}
