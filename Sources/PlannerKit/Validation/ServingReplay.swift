import Foundation
import Profiling

/// Replays a measured serving run in the simulator on one profile and
/// compares the medians (and p99s where measured): the check of the whole
/// chain, profile plus simulator, against a real engine.
///
/// The run is one tier with SLOs too loose to matter, Poisson arrivals at the
/// measured rate, the measured number of requests, on `instances` servers
/// under `policy` (default `minimal` with a 512-token budget: on one server,
/// FCFS continuous batching with chunked prefill, as vLLM schedules).
public struct ServingReplay: Sendable {
    public var profile: LatencyProfile
    public var policy = PolicyID.minimal
    public var instances = 1
    public var tokenBudget = 512
    public var seed: UInt64 = 1
    /// Engine time per request outside the iterations (API server, tokenisation,
    /// scheduling before the first step), added to every TTFT. A constant delay
    /// before the engine sees each request shifts the Poisson arrivals without
    /// changing them, so adding it to the simulated TTFT is exact; TPOT is unchanged.
    public var requestOverheadMs = 0.0

    public init(profile: LatencyProfile) { self.profile = profile }

    public struct Comparison: Codable, Sendable {
        public var metric: String
        public var measuredMs: Double
        /// Another engine's figure on the same scenario, where known.
        public var otherEngineMs: Double?
        public var simulatedMs: Double?
        /// (simulated − measured) / measured.
        public var error: Double?
        /// Whether the simulated figure lies between the two engines' (when there are two).
        public var withinEngines: Bool?
    }

    public struct Report: Codable, Sendable {
        public var scenario: String
        public var source: String
        public var profile: String
        public var requestRate: Double
        public var requests: Int
        public var lengthsMeasured: Bool
        public var comparisons: [Comparison]
    }

    /// One tier with SLOs too loose to matter, Poisson arrivals, run to the last request's end.
    func simulate(lengths: LengthModel, rate: Double, requests: Int, source: String) throws -> SimulationResult {
        let tier = Tier(name: "all", tpotMs: InputLimits.maximumSLOMs, ttftChoicesMs: [InputLimits.maximumSLOMs], ttftProbabilities: [1],
                        share: 1, lengths: lengths)
        let workload = Workload(name: "replay", description: "replay of \(source)", tiers: [tier], arrivals: .poisson(rate: rate),
                                mixChange: nil, runLength: .requests(requests), warmupSeconds: 0, attainmentTarget: 0.9, seed: seed,
                                profilePaths: [], prices: [:], sourcePath: source, sourceChecksum: "")
        var config = SimulationConfig(instances: instances, staticTokenBudget: tokenBudget)
        config.drainSeconds = 3600
        var sim = try Simulation(workload: workload, profile: profile, policy: policy, config: config)
        return sim.run()
    }

    public func replay(_ m: MeasuredServing) throws -> Report {
        let t = try simulate(lengths: m.lengths, rate: m.requestRate, requests: m.requests, source: m.source).tiers[0]
        func compare(_ metric: String, _ measured: Double?, _ other: Double?, _ simulated: Double?) -> Comparison? {
            guard let measured else { return nil }
            let within = other.flatMap { o in simulated.map { $0 >= min(o, measured) && $0 <= max(o, measured) } }
            return Comparison(metric: metric, measuredMs: measured, otherEngineMs: other, simulatedMs: simulated,
                              error: simulated.map { ($0 - measured) / measured }, withinEngines: within)
        }
        let comparisons = [
            compare("median TTFT", m.medianTTFTMs, m.otherEngine?.ttftMs, t.ttftMs.map { $0.p50 + requestOverheadMs }),
            compare("median TPOT", m.medianTPOTMs, m.otherEngine?.tpotMs, t.tpotMs?.p50),
            compare("p99 TTFT", m.p99TTFTMs, nil, t.ttftMs.map { $0.p99 + requestOverheadMs }),
            compare("p99 TPOT", m.p99TPOTMs, nil, t.tpotMs?.p99),
        ].compactMap { $0 }
        return Report(scenario: m.name, source: m.source, profile: profile.metadata.name, requestRate: m.requestRate,
                      requests: m.requests, lengthsMeasured: m.lengthsMeasured, comparisons: comparisons)
    }
}

extension ServingReplay {
    /// Offline latency of one batch: `batch` requests of `prompt` and `output`
    /// tokens arriving together (within microseconds), to the end of the last.
    public func batchLatencyMs(batch: Int, prompt: Int, output: Int) throws -> Double {
        let lengths = LengthModel.independent(prompt: .fixed(prompt), output: .fixed(output))
        return try simulate(lengths: lengths, rate: 1e6, requests: batch, source: "one batch").simulatedSeconds * 1000
    }

    /// One published batch latency against the simulated one.
    public func replay(_ row: PublishedBatchLatency.Row, source: String) throws -> Report {
        let simulated = try batchLatencyMs(batch: row.batch, prompt: row.prompt, output: row.output)
        return Report(scenario: "\(row.gpu) \(row.model) TP\(row.tensorParallel), batch \(row.batch) × \(row.prompt)/\(row.output)", source: source,
                      profile: profile.metadata.name, requestRate: 0, requests: row.batch, lengthsMeasured: true,
                      comparisons: [Comparison(metric: "batch latency", measuredMs: row.latencyMs, otherEngineMs: nil, simulatedMs: simulated,
                                               error: (simulated - row.latencyMs) / row.latencyMs, withinEngines: nil)])
    }
}
