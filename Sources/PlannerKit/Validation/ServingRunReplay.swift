import Profiling

/// Replays a measured serving run as a user would: a profile generated for
/// its GPU, model and TP at its memory share, one instance running the
/// engine with the run's token budget and running-request cap, Poisson
/// arrivals stage by stage, and the run's request lengths.
public struct ServingRunReplay: Sendable {
    public var parameters: RooflineParameters
    public var iterationOverheadMs: Double
    public var requestOverheadMs: Double
    public var seed: UInt64 = 1
    /// The corpus's engine, vLLM 0.15, schedules one step ahead.
    public var schedulerLookahead = ServingEngine.vllm015.schedulerLookahead

    public init(parameters: RooflineParameters = .default, iterationOverheadMs: Double, requestOverheadMs: Double) {
        self.parameters = parameters
        self.iterationOverheadMs = iterationOverheadMs
        self.requestOverheadMs = requestOverheadMs
    }

    /// The engine's figures and kernels as bundled: what `profile generate --engine` writes.
    public init(engine: ServingEngine, parameters: RooflineParameters = .default) {
        self.init(parameters: engine.kernels(parameters), iterationOverheadMs: engine.iterationOverheadMs, requestOverheadMs: engine.requestOverheadMs)
        schedulerLookahead = engine.schedulerLookahead
    }

    /// What the replay measured, ms, under the names of the measured figures.
    public struct Outcome: Sendable, Codable, Equatable {
        public var ttftMean: Double
        public var e2eMean: Double
        public var itlMean: Double
        public var e2eP90: Double
        public var unfinished: Int
    }

    /// The profile a user would generate for the run's deployment.
    public func profile(for run: ServingRun) throws(InputError) -> LatencyProfile {
        guard let model = ModelArchitecture.named(run.model), let gpu = GPUSpec.named(run.gpu) else {
            throw InputError(source: run.name, "GPU or model not in the catalogue")
        }
        var profile = try RooflineGenerator.profile(model: model, gpu: gpu, tensorParallel: run.tensorParallel, parameters: parameters,
                                                    memoryUtilisation: run.memoryUtilisation)
        profile.metadata.iterationOverheadMs = iterationOverheadMs
        profile.metadata.requestOverheadMs = requestOverheadMs
        profile.metadata.maxRunningRequests = run.maxRunningRequests
        profile.metadata.schedulerLookahead = schedulerLookahead
        return profile
    }

    /// Whether the engine's prefix cache serves the shared system prompts
    /// (vLLM's automatic prefix caching, on in every run of the corpus).
    public var prefixCaching = true

    /// The run's load as a workload: one tier whose SLOs never bind, stages as
    /// schedule windows. With prefix caching, a prompt is prefilled from the
    /// end of its cached system prompt, which the workload states as a
    /// shorter prompt: its prefill compute is exact, its KV footprint and its
    /// chunks' attention context short by the cached tokens (at most 150 of
    /// 550-1,000 here, and the cache never fills in these runs).
    public func workload(for run: ServingRun) -> Workload {
        BenchmarkRun(run, source: run.name, checksum: "", prefixCaching: prefixCaching).workload(seed: seed)
    }

    public func replay(_ run: ServingRun) throws -> Outcome {
        var config = SimulationConfig(instances: 1, staticTokenBudget: run.tokenBudget)
        config.drainSeconds = 3600
        var simulation = try Simulation(workload: workload(for: run), profile: try profile(for: run), policy: .minimal, config: config)
        let result = simulation.run()
        let t = result.tiers[0]
        let ttft = t.meanTTFTMs ?? .nan, e2e = t.meanE2EMs ?? .nan
        return Outcome(ttftMean: ttft, e2eMean: e2e, itlMean: (e2e - ttft) / Double(max(run.prompts.outputTokens - 1, 1)),
                       e2eP90: t.e2eMs?.p90 ?? .nan, unfinished: result.unfinished)
    }
}
