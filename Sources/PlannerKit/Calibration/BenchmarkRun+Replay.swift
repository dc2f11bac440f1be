import Profiling

extension BenchmarkRun {
    /// What a replay of the run measured: the simulated figure for every
    /// metric the run measured, and the requests still queued at the end.
    public struct Replayed: Sendable, Equatable {
        public var values: [ServingMetric: Double]
        public var unfinished: Int
    }

    /// The run's load as a workload: one tier whose SLOs never bind.
    public func workload(seed: UInt64) -> Workload {
        let tier = Tier.unconstrained(lengths: lengths)
        let arrivals: ArrivalProcess, runLength: Workload.RunLength
        switch load {
        case let .requests(process, count): (arrivals, runLength) = (process, .requests(count))
        case let .stages(stages): (arrivals, runLength) = (.poisson(rate: 1), .seconds(stages.reduce(0) { $0 + $1.seconds }))
        }
        var workload = Workload(name: "replay", description: "replay of \(name)", tiers: [tier], arrivals: arrivals, mixChange: nil,
                                runLength: runLength, warmupSeconds: 0, attainmentTarget: 0.9, seed: seed, profilePaths: [], prices: [:],
                                sourcePath: source, sourceChecksum: checksum)
        if case let .stages(stages) = load {
            workload.schedule = DemandSchedule(windows: stages.enumerated().map { i, s in
                .init(name: "stage \(i)", hours: s.seconds / 3600, rateScale: s.rate)
            }, source: source)
        }
        return workload
    }

    /// Replays the run on one instance of `profile` (FCFS continuous batching
    /// with chunked prefill at `tokenBudget`, as vLLM schedules), to the last
    /// request's end. O(simulation).
    public func replay(on profile: LatencyProfile, tokenBudget: Int, seed: UInt64 = 1) throws -> Replayed {
        try lengths.checkShortestFits(kvCapacity: profile.metadata.kvCapacityTokens, holder: "the profile \(profile.metadata.name)", source: source)
        var config = SimulationConfig(instances: 1, staticTokenBudget: tokenBudget)
        config.drainSeconds = 3600
        var simulation = try Simulation(workload: workload(seed: seed), profile: profile, policy: .minimal, config: config)
        let result = simulation.run()
        var values: [ServingMetric: Double] = [:]
        for metric in measured.keys { values[metric] = result.tiers[0].value(of: metric) }
        return Replayed(values: values, unfinished: result.unfinished)
    }
}
