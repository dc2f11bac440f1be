import Foundation
import Profiling

/// Replays a measured serving run in the simulator on one profile and
/// compares the medians (and p99s where measured): the check of the whole
/// chain, profile plus simulator, against a real engine.
///
/// The run is one tier with SLOs too loose to matter, the client's arrivals
/// (a rate, or a closed loop at a concurrency), the measured number of requests, on `instances` servers
/// under `policy` (default `minimal` with a 512-token budget: on one server,
/// FCFS continuous batching with chunked prefill, as vLLM schedules).
public struct ServingReplay: Sendable {
    public var profile: LatencyProfile
    public var settings: ReplaySettings

    public init(profile: LatencyProfile, settings: ReplaySettings = ReplaySettings()) {
        self.profile = profile
        self.settings = settings
    }

    /// The profile with this replay's overrides.
    var engineProfile: LatencyProfile {
        var p = profile
        if let ms = settings.requestOverheadMs { p.metadata.requestOverheadMs = ms }
        if let ms = settings.iterationOverheadMs { p.metadata.iterationOverheadMs = ms }
        if let ms = settings.sequenceOverheadMs { p.metadata.sequenceOverheadMs = ms }
        return p
    }


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
        /// Requests still running when the replay's hour of drain ran out. Then
        /// there is no simulated figure: the finished requests' latency would
        /// understate it, and the horizon is not a latency.
        public var unfinished: Int = 0

        /// The simulated column as printed: the figure, "did not finish", or "-".
        public var simulatedText: String {
            unfinished > 0 ? "did not finish (\(unfinished) running)" : simulatedMs.map { fmt($0, 1) } ?? "-"
        }
    }

    public struct Report: Codable, Sendable {
        public var scenario: String
        /// Whether a fitted parameter saw this scenario; nil for a user's own run.
        public var sample: ValidationManifest.Sample?
        /// The engine whose overheads applied.
        public var engine: ServingEngine?
        public var source: String
        public var profile: String
        /// The client's rate, req/s; nil for a closed loop.
        public var requestRate: Double?
        /// A closed loop's clients; nil for a rate.
        public var concurrency: Int?
        public var requests: Int
        public var lengthsMeasured: Bool
        public var comparisons: [Comparison]
    }

    /// One tier with SLOs too loose to matter, run to the last request's end.
    func simulate(lengths: LengthModel, arrivals: ArrivalProcess, requests: Int, source: String) throws -> SimulationResult {
        // No server can hold such a request: the replay would print no latency at all rather than a wrong one.
        try lengths.checkShortestFits(kvCapacity: engineProfile.metadata.kvCapacityTokens, holder: "the profile \(profile.metadata.name)", source: source)
        guard requests <= settings.limits.requests else {
            throw InputError(source: source, "replays \(requests) requests, more than the limit of \(settings.limits.requests); raise it with --max-requests (up to \(RunLimits.requestCeiling))")
        }
        let tier = Tier.unconstrained(lengths: lengths)
        let workload = Workload(name: "replay", description: "replay of \(source)", tiers: [tier], arrivals: arrivals,
                                mixChange: nil, runLength: .requests(requests), warmupSeconds: 0, attainmentTarget: 0.9, seed: settings.seed,
                                profilePaths: [], prices: [:], sourcePath: source, sourceChecksum: "")
        var config = SimulationConfig(instances: settings.instances, staticTokenBudget: settings.tokenBudget)
        config.drainSeconds = 3600
        config.limits = settings.limits
        let progress = settings.progress
        if let progress {
            progress.begin("replaying \(requests) requests", units: max(1, requests / config.progressEvery))
            config.progress = { progress.advance() }
        }
        defer { progress?.finish() }
        var sim = try Simulation(workload: workload, profile: engineProfile, policy: settings.policy, config: config)
        return sim.run()
    }

    public func replay(_ m: MeasuredServing) throws -> Report {
        let result = try simulate(lengths: m.lengths, arrivals: m.arrivals, requests: m.requests, source: m.source)
        let t = result.tiers[0]
        func compare(_ metric: String, _ measured: Double?, _ other: Double?, _ figure: Double?) -> Comparison? {
            guard let measured else { return nil }
            let simulated = result.unfinished > 0 ? nil : figure
            let within = other.flatMap { o in simulated.map { $0 >= min(o, measured) && $0 <= max(o, measured) } }
            return Comparison(metric: metric, measuredMs: measured, otherEngineMs: other, simulatedMs: simulated,
                              error: simulated.map { ($0 - measured) / measured }, withinEngines: within, unfinished: result.unfinished)
        }
        let comparisons = [
            compare("median TTFT", m.medianTTFTMs, m.otherEngine?.ttftMs ?? nil, t.ttftMs?.p50),
            compare("median TPOT", m.medianTPOTMs, m.otherEngine?.tpotMs ?? nil, t.tpotMs?.p50),
            compare("p99 TTFT", m.p99TTFTMs, nil, t.ttftMs?.p99),
            compare("p99 TPOT", m.p99TPOTMs, nil, t.tpotMs?.p99),
        ].compactMap { $0 }
        return Report(scenario: m.name, sample: nil, engine: nil, source: m.source, profile: profile.metadata.name, requestRate: m.arrivals.offeredRate,
                      concurrency: { if case let .closed(users, _) = m.arrivals { users } else { nil } }(), requests: m.requests, lengthsMeasured: m.lengthsMeasured, comparisons: comparisons)
    }
}

extension ServingReplay {
    /// Offline latency of one batch: `batch` requests of `prompt` and `output`
    /// tokens arriving together, to the end of the last.
    /// Offline runs call the engine directly, without an API server: no
    /// per-request overhead.
    /// - Returns: the latency, and the requests still running at the horizon (then the latency is not one).
    public func batchLatency(batch: Int, prompt: Int, output: Int) throws -> (ms: Double, unfinished: Int) {
        let lengths = LengthModel.independent(prompt: .fixed(prompt), output: .fixed(output))
        var offline = self
        offline.settings.requestOverheadMs = 0
        let result = try offline.simulate(lengths: lengths, arrivals: .closed(users: batch, thinkSeconds: 0), requests: batch, source: "one batch")
        return (result.simulatedSeconds * 1000, result.unfinished)
    }

    /// One published batch latency against the simulated one.
    public func replay(_ row: PublishedBatchLatency.Row, source: String) throws -> Report {
        let latency = try batchLatency(batch: row.batch, prompt: row.prompt, output: row.output)
        let simulated = latency.unfinished > 0 ? nil : latency.ms
        return Report(scenario: "\(row.gpu) \(row.model) TP\(row.tensorParallel), batch \(row.batch) × \(row.prompt)/\(row.output)", sample: nil,
                      engine: nil, source: source, profile: profile.metadata.name, requestRate: nil, concurrency: row.batch, requests: row.batch, lengthsMeasured: true,
                      comparisons: [Comparison(metric: "batch latency", measuredMs: row.latencyMs, otherEngineMs: nil, simulatedMs: simulated,
                                               error: simulated.map { ($0 - row.latencyMs) / row.latencyMs }, withinEngines: nil, unfinished: latency.unfinished)])
    }

    /// One scenario of a manifest, under its engine's fitted overheads unless
    /// this replay overrides them. A scenario whose measured file is absent
    /// gives nil.
    public func replay(_ scenario: ValidationManifest.Scenario, source: String) throws -> Report? {
        guard let measured = scenario.measured else { return nil }
        var replay = self
        replay.settings.requestOverheadMs = settings.requestOverheadMs ?? scenario.engine.requestOverheadMs
        replay.settings.iterationOverheadMs = settings.iterationOverheadMs ?? scenario.engine.iterationOverheadMs
        replay.settings.sequenceOverheadMs = settings.sequenceOverheadMs ?? scenario.engine.sequenceOverheadMs
        var report: Report
        switch scenario.kind {
        case let .serving(rate, requests, lengths):
            var m = MeasuredServing(name: scenario.name, source: source, arrivals: .poisson(rate: rate), requests: requests, lengths: lengths,
                                    lengthsMeasured: false, medianTTFTMs: measured["median_ttft_ms"], medianTPOTMs: measured["median_tpot_ms"],
                                    p99TTFTMs: measured["p99_ttft_ms"], p99TPOTMs: measured["p99_tpot_ms"])
            if let other = scenario.otherEngine { m.otherEngine = (other["median_ttft_ms"], other["median_tpot_ms"]) }
            report = try replay.replay(m)
        case let .batch(size, prompt, output):
            guard let latency = measured["mean_batch_latency_ms"] else { return nil }
            let row = PublishedBatchLatency.Row(gpu: profile.metadata.gpu, model: profile.metadata.model, tensorParallel: profile.metadata.tensorParallel,
                                                batch: size, prompt: prompt, output: output, latencyMs: latency)
            report = try replay.replay(row, source: source)
            report.scenario = scenario.name
        }
        report.sample = scenario.sample
        report.engine = scenario.engine
        return report
    }
}
