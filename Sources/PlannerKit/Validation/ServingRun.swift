import Profiling

/// One measured online-serving run: a deployment (GPU, model, TP, engine
/// settings), a load (Poisson stages and request lengths) and what the client
/// measured over the whole run.
public struct ServingRun: Sendable {
    /// The shared-prefix prompts of inference-perf's generator.
    public struct Prompts: Sendable, Equatable {
        /// Distinct system prompts, each shared by `usersPerPrompt` users.
        public var systemPrompts: Int
        public var usersPerPrompt: Int
        public var systemPromptTokens: Int
        public var questionTokens: Int
        public var outputTokens: Int
        public var promptTokens: Int { systemPromptTokens + questionTokens }
        /// Tokens of a prompt the engine's prefix cache already holds under
        /// `reuse`: the whole KV blocks of `blockTokens` (vLLM's 16) of the
        /// system prompt, or of the whole prompt short of its last token (vLLM
        /// recomputes the last one of a full hit). The pool's
        /// first pass misses; with thousands of requests on a pool of a few
        /// dozen prompts, every request counts as a hit.
        public func cachedTokens(_ reuse: PromptReuse, blockTokens: Int = 16) -> Int {
            switch reuse {
            case .none: 0
            case .systemPrompts: systemPromptTokens / blockTokens * blockTokens
            case .wholePrompts: (promptTokens - 1) / blockTokens * blockTokens
            }
        }
    }

    public var name: String
    /// The corpus's experiment id.
    public var experiment: String
    public var gpu: String
    public var model: String
    public var tensorParallel: Int
    public var engine: ServingEngine
    public var workload: String
    public var stages: [LoadStage]
    public var prompts: Prompts
    /// The engine's token budget per iteration (`max_num_batched_tokens`).
    public var tokenBudget: Int
    /// Share of GPU memory the engine may use (`gpu_memory_utilization`).
    public var memoryUtilisation: Double
    /// At most this many requests in a batch (`max_num_seqs`).
    public var maxRunningRequests: Int
    /// KV blocks could spill to host memory (not modelled: the runs here never fill the cache).
    public var cpuKVOffload: Bool
    /// Whole-run figures, ms, by metric (`e2e_mean`, `ttft_mean`, `itl_mean`, `e2e_p90`, …).
    public var measured: [String: Double]

    public var totalSeconds: Double { stages.reduce(0) { $0 + $1.seconds } }
    public var expectedRequests: Double { stages.reduce(0) { $0 + $1.rate * $1.seconds } }

    /// The value of one grouping of this run.
    public func group(_ by: ServingCorpus.Grouping) -> String {
        switch by {
        case .gpu: gpu
        case .model: model
        }
    }
}
