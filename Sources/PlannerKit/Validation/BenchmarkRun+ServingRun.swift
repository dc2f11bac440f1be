import Profiling

extension BenchmarkRun {
    /// A run of the shared vLLM 0.15 corpus, each prompt as long as what the
    /// engine prefilled of it: what its prefix cache did not serve under `promptReuse`.
    public init(_ run: ServingRun, source: String, checksum: String, promptReuse: PromptReuse = .wholePrompts) {
        let prompt = run.prompts.promptTokens - run.prompts.cachedTokens(promptReuse)
        var measured: [ServingMetric: Double] = [:]
        let names: [String: ServingMetric] = [
            "e2e_mean": .init(.mean, .e2e), "e2e_p90": .init(.p90, .e2e), "e2e_p99": .init(.p99, .e2e),
            "ttft_mean": .init(.mean, .ttft), "ttft_p90": .init(.p90, .ttft), "ttft_p99": .init(.p99, .ttft),
            "itl_mean": .init(.mean, .tpot),
        ]
        for (key, value) in run.measured { if let metric = names[key] { measured[metric] = value } }
        self.init(name: run.name, source: source, checksum: checksum,
                  deployment: .init(gpu: run.gpu, model: run.model, tensorParallel: run.tensorParallel),
                  load: .stages(run.stages), lengths: .independent(prompt: .fixed(prompt), output: .fixed(run.prompts.outputTokens)),
                  lengthsMeasured: true, tokenBudget: run.tokenBudget, maxRunningRequests: run.maxRunningRequests, measured: measured)
    }
}
