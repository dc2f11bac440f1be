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
        /// The share of prompt tokens the simulated prefix cache served; `nil` without caching.
        public var prefixHitRate: Double? = nil
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

    /// What the engine's prefix cache serves of the run's prompts (vLLM's
    /// automatic prefix caching was on in every run of the corpus).
    public var promptReuse = PromptReuse.wholePrompts

    /// The run's load as a workload: one tier whose SLOs never bind, stages as
    /// schedule windows, each prompt one of the run's shared system prompts
    /// followed by its question. With prefix caching, the simulated engine
    /// caches blocks as vLLM does (the first request of a cached prefix
    /// prefills it whole; later ones from its last whole block, unless it was
    /// evicted): the system prompts alone (``PromptReuse/systemPrompts``), or
    /// each of the pool's whole prompts, which a request draws at random
    /// (``PromptReuse/wholePrompts``; the pool's first pass misses either way,
    /// a few dozen requests of thousands). Without, every prompt is prefilled whole.
    public func workload(for run: ServingRun) -> Workload {
        var w = BenchmarkRun(run, source: run.name, checksum: "", promptReuse: .none).workload(seed: seed)
        w.prefixCaching = promptReuse.cachesPrefixes
        let p = run.prompts
        let shared: Tier.SharedPrefix? = switch promptReuse {
        case .none: nil
        case .systemPrompts: p.systemPromptTokens > 0 ? .init(prompts: p.systemPrompts, tokens: p.systemPromptTokens) : nil
        case .wholePrompts: .init(prompts: p.systemPrompts * p.usersPerPrompt, tokens: p.promptTokens)
        }
        if let shared {
            w.tiers[0].sharedPrefix = shared
            w.tiers[0].lengths = LengthModel.independent(prompt: .fixed(p.questionTokens), output: .fixed(p.outputTokens))
                .shiftingPrompts(by: p.systemPromptTokens)
        }
        return w
    }

    public func replay(_ run: ServingRun) throws -> Outcome {
        var config = SimulationConfig(instances: 1, staticTokenBudget: run.tokenBudget)
        config.drainSeconds = 3600
        var simulation = try Simulation(workload: workload(for: run), profile: try profile(for: run), policy: .minimal, config: config)
        let result = simulation.run()
        let t = result.tiers[0]
        let ttft = t.meanTTFTMs ?? .nan, e2e = t.meanE2EMs ?? .nan
        return Outcome(ttftMean: ttft, e2eMean: e2e, itlMean: (e2e - ttft) / Double(max(run.prompts.outputTokens - 1, 1)),
                       e2eP90: t.e2eMs?.p90 ?? .nan, unfinished: result.unfinished, prefixHitRate: result.prefixCache?.hitRate)
    }
}
