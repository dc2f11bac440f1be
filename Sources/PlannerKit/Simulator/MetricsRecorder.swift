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
    var e2e: [LatencySketch]
    /// Servers in each bin over time.
    var bins: [BinOccupancy]
    /// With prefix caching: each tier's measured prompt tokens and those found cached.
    var caching = false
    var promptTokens: [Int]
    var cachedTokens: [Int]

    /// Seconds every request spends in the engine before its first iteration
    /// (requests reach the simulation that much later; see ``Simulation/reachingEngine(_:)``).
    let requestOverhead: Double

    /// Per schedule window over one period (nil without a schedule).
    let schedule: DemandSchedule?
    var windowMeasured: [[Int]] = []
    var windowAttained: [[Int]] = []
    var windowServerSeconds: [Double] = []
    var serversPerBin: [Int]
    var lastServerChange = 0.0
    /// Fleets of several server types: each type's name and its servers in each bin over time, `[type][bin]`.
    let serverTypes: [String]?
    var typeBins: [[BinOccupancy]] = []

    init(tiers: [String], bins: Int, warmup: Double, requestOverhead: Double = 0, schedule: DemandSchedule? = nil, serverTypes: [String]? = nil) {
        self.schedule = schedule
        self.serverTypes = serverTypes
        if let serverTypes { typeBins = Array(repeating: Array(repeating: BinOccupancy(warmup: warmup), count: bins), count: serverTypes.count) }
        serversPerBin = Array(repeating: 0, count: bins)
        if let schedule {
            windowMeasured = Array(repeating: Array(repeating: 0, count: tiers.count), count: schedule.windows.count)
            windowAttained = windowMeasured
            windowServerSeconds = Array(repeating: 0, count: schedule.windows.count)
        }
        tierNames = tiers
        self.requestOverhead = requestOverhead
        // Arrivals reach the recorder shifted by the overhead: so does the warm-up.
        self.warmup = warmup + requestOverhead
        measured = Array(repeating: 0, count: tiers.count)
        attained = measured
        promptTokens = measured
        cachedTokens = measured
        ttft = Array(repeating: LatencySketch(), count: tiers.count)
        tpot = ttft
        e2e = ttft
        self.bins = Array(repeating: BinOccupancy(warmup: warmup), count: bins)
    }

    mutating func arrived(_ request: Request) { arrivedCount += 1 }

    mutating func completed(_ slot: Slot, at time: Double) {
        completedCount += 1
        let r = slot.request
        guard r.arrival >= warmup else { return }
        measured[r.tier] += 1
        if !slot.missed { attained[r.tier] += 1 }
        if caching {
            promptTokens[r.tier] += r.prompt
            cachedTokens[r.tier] += Int(slot.cachedPromptTokens)
        }
        if let w = window(of: r) {
            windowMeasured[w][r.tier] += 1
            if !slot.missed { windowAttained[w][r.tier] += 1 }
        }
        ttft[r.tier].record((slot.firstTokenTime - r.arrival + requestOverhead) * 1000)
        if r.output > 1 { tpot[r.tier].record((time - slot.firstTokenTime) / Double(r.output - 1) * 1000) }
        e2e[r.tier].record((time - r.arrival + requestOverhead) * 1000)
    }

    /// A request still in the system at the end: a miss.
    mutating func unfinished(_ request: Request) {
        guard request.arrival >= warmup else { return }
        measured[request.tier] += 1
        if let w = window(of: request) { windowMeasured[w][request.tier] += 1 }
    }

    /// The window a request arrived in, within the first period.
    private func window(of r: Request) -> Int? {
        guard let schedule else { return nil }
        let t = r.arrival - requestOverhead
        guard t < schedule.periodHours * 3600 else { return nil }
        return schedule.windowIndex(atSeconds: t)
    }

    /// Adds the servers held since the last change to the windows it spans.
    private mutating func accrueServers(until time: Double) {
        guard let schedule, time > lastServerChange else { lastServerChange = max(lastServerChange, time); return }
        let servers = Double(serversPerBin.reduce(0, +))
        let b = schedule.boundariesSeconds
        for w in schedule.windows.indices {
            let from = max(lastServerChange, b[w]), to = min(time, b[w + 1])
            if to > from { windowServerSeconds[w] += servers * (to - from) }
        }
        lastServerChange = time
    }

    /// Bin `bin` holds `count` servers from `time` on, `ofType` of them of `type`.
    mutating func binChanged(_ bin: Int, to count: Int, type: Int = 0, ofType: Int? = nil, at time: Double) {
        bins[bin].record(count, at: time)
        if !typeBins.isEmpty { typeBins[type][bin].record(ofType ?? count, at: time) }
        if schedule != nil {
            accrueServers(until: time)
            serversPerBin[bin] = count
        }
    }

    func result(policy: PolicyID, instances: Int?, rateScale: Double, seed: UInt64, unfinished: Int, binTpotMs: [Double],
                end: Double, preemptions: Int, wall: Double, events: Int, busySeconds: [Double], poolLimitReached: Bool, routing: RoutingCounts?,
                typeInstances: [Int] = [], typeBusySeconds: [[Double]] = []) -> SimulationResult {
        let tiers = tierNames.indices.map { t in
            SimulationResult.TierMetrics(
                name: tierNames[t], measured: measured[t], attained: attained[t],
                attainment: measured[t] > 0 ? Double(attained[t]) / Double(measured[t]) : nil,
                ttftMs: ttft[t].percentiles, meanTTFTMs: ttft[t].mean,
                minTTFTMs: ttft[t].minimum, tpotMs: tpot[t].percentiles, meanTPOTMs: tpot[t].mean,
                e2eMs: e2e[t].percentiles, meanE2EMs: e2e[t].mean, busyInstanceSeconds: busySeconds[t],
                prefixHitRate: caching && promptTokens[t] > 0 ? Double(cachedTokens[t]) / Double(promptTokens[t]) : nil)
        }
        let totalMeasured = measured.reduce(0, +)
        var windows: [SimulationResult.WindowMetrics]? = nil
        if let schedule {
            var closed = self
            closed.accrueServers(until: end)
            let b = schedule.boundariesSeconds
            windows = schedule.windows.indices.map { w in
                SimulationResult.WindowMetrics(name: schedule.windows[w].name, startSeconds: b[w], endSeconds: b[w + 1],
                                               measured: windowMeasured[w], attained: windowAttained[w],
                                               meanServers: closed.windowServerSeconds[w] / (b[w + 1] - b[w]))
            }
        }
        let bins = binTpotMs.indices.map { b in self.bins[b].summary(tpotMs: binTpotMs[b], end: end) }
        let types = serverTypes.map { names in
            names.indices.map { g in
                SimulationResult.ServerTypeMetrics(serverType: names[g], instances: typeInstances[g], busyInstanceSeconds: typeBusySeconds[g],
                                                   bins: binTpotMs.indices.map { b in typeBins[g][b].summary(tpotMs: binTpotMs[b], end: end) })
            }
        }
        return SimulationResult(
            policy: policy, instances: instances, rateScale: rateScale, seed: seed, arrived: arrivedCount, completed: completedCount,
            unfinished: unfinished, measured: totalMeasured,
            attainment: totalMeasured > 0 ? Double(attained.reduce(0, +)) / Double(totalMeasured) : nil,
            tiers: tiers, bins: bins, preemptions: preemptions, simulatedSeconds: end, wallSeconds: wall, events: events,
            poolLimitReached: poolLimitReached, routing: routing, windows: windows, serverTypes: types)
    }
}
