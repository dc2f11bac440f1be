import Profiling

extension BenchmarkRun {
    /// A run of the shared vLLM 0.15 corpus; with `prefixCaching`, the
    /// engine's prefix cache serves the shared system prompts, so a prompt is
    /// prefilled from the end of its cached system prompt.
    public init(_ run: ServingRun, source: String, checksum: String, prefixCaching: Bool = true) {
        let prompt = run.prompts.promptTokens - (prefixCaching ? run.prompts.cachedTokens() : 0)
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
