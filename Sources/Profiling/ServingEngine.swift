/// A serving stack and version: what it adds to the kernels' time, and how
/// many requests its scheduler runs at once.
///
/// The local scheduler every engine here runs is continuous batching with
/// chunked prefill within a token budget, first come first served, at most
/// ``maxRunningRequests`` in the batch (vLLM V1, SGLang, TensorRT-LLM's
/// in-flight batching; vLLM 0.6 by default prefills whole prompts, which a
/// budget of at least the prompt reproduces). Figures are fitted by
/// `planner validate` on the shared measured corpus with whole groups held out
/// (docs/validation.md); an engine without such data says so in ``evidence``.
public enum ServingEngine: String, Sendable, CaseIterable, Codable {
    /// No overheads: the kernels alone.
    case none
    /// vLLM V0 as benchmarked in 2024 (0.4 to 0.6): CPU scheduling and
    /// sampling between the GPU's steps, not overlapped.
    case vllm06 = "vllm-0.6"
    /// vLLM 0.15 (V1 engine): scheduling overlapped with the GPU's step
    /// (async scheduling), an OpenAI-compatible API server in front.
    case vllm015 = "vllm-0.15"
    /// SGLang 0.3.
    case sglang03 = "sglang-0.3"
    /// TensorRT-LLM's C++ runtime (offline batches).
    case tensorRTLLM = "tensorrt-llm"

    /// Time per iteration on the host that the GPU waits for, ms.
    public var iterationOverheadMs: Double {
        switch self {
        case .none: 0
        case .vllm06: 2.56
        case .tensorRTLLM: 1.76
        case .vllm015, .sglang03: 0.5
        }
    }

    /// Time per running request in every iteration, ms: vLLM V0 prepares
    /// inputs and samples request by request on the host between steps (71 µs
    /// a request fitted on static batches of 1 to 64); vLLM V1 and SGLang
    /// overlap that work with the GPU, so it costs them nothing measurable.
    public var sequenceOverheadMs: Double {
        switch self {
        case .none, .vllm015, .sglang03: 0
        case .vllm06: 0.071
        case .tensorRTLLM: 0.008
        }
    }

    /// The kernels this engine ships, where they differ from the roofline's
    /// defaults (fitted on 2024 engines' static batches), fitted on vLLM
    /// 0.15's serving runs: weights read at each GPU's per-operator
    /// efficiency (``KernelFigures``), GEMM arithmetic after the weight reads
    /// rather than hidden behind them (decode steps of tens of requests grow
    /// with the batch as the sum does), and one-shot NVLink all-reduces.
    public func kernels(_ base: RooflineParameters = .default) -> RooflineParameters {
        var p = base
        switch self {
        case .vllm015, .sglang03:
            p.memoryEfficiency = nil
            p.layerOverheadMs = nil
            p.overlapExponent = 1
            p.computeEfficiency = 0.65
            p.expertComputeEfficiency = 0.55
            p.interconnectEfficiency = 0.9
            p.allReduceLatencyMs = 0.008
        case .none, .vllm06, .tensorRTLLM: break
        }
        return p
    }

    /// Time per request outside the iterations (HTTP, tokenisation, the
    /// engine's input queue), ms, added to every TTFT. Offline batches have none.
    public var requestOverheadMs: Double {
        switch self {
        case .none, .tensorRTLLM: 0
        case .vllm06: 20
        case .vllm015: 9
        case .sglang03: 6
        }
    }

    /// The running-request cap of the engine's default configuration
    /// (vLLM's `max_num_seqs`); `nil`: none but the KV cache.
    public var maxRunningRequests: Int? {
        switch self {
        case .none, .sglang03: nil
        case .vllm06, .vllm015, .tensorRTLLM: 256
        }
    }

    /// Steps its scheduler plans ahead of the GPU (``ProfileMetadata/schedulerLookahead``):
    /// vLLM 0.15 runs V1's async scheduling by default; the 2024 engines plan
    /// each iteration after the last one ends.
    public var schedulerLookahead: Int {
        switch self {
        case .vllm015: 1
        case .none, .vllm06, .sglang03, .tensorRTLLM: 0
        }
    }

    /// Tokens per iteration of an offline batch (vLLM V0 prefills whole
    /// prompts up to `max_num_batched_tokens`, TensorRT-LLM's `max_num_tokens`).
    public var offlineTokenBudget: Int { 8192 }

    /// Whether the engine version runs `layout`: vLLM's expert parallelism and
    /// data parallelism inside it came after 0.6 (0.8, 2025), SGLang's
    /// `--enable-dp-attention` and `--ep-size` after 0.3 (0.4, December 2024);
    /// TensorRT-LLM has both (attention DP and EP for DeepSeek).
    public func runs(_ layout: ParallelLayout) -> Bool {
        switch self {
        case .none, .vllm015, .tensorRTLLM: true
        case .vllm06, .sglang03: layout.isTensor
        }
    }

    /// What the figures rest on.
    public var evidence: String {
        switch self {
        case .none: "no engine time"
        case .vllm06: "iteration overhead fitted to LLM-Inference-Bench's vLLM static batches (A100, GH200); request overhead assumed"
        case .tensorRTLLM: "iteration overhead fitted to LLM-Inference-Bench's TensorRT-LLM static batches (A100, GH200)"
        case .vllm015: "GEMM and all-reduce efficiency, GEMM overlap, iteration and request overheads fitted to vLLM 0.15.1 serving runs (H100, A100, L40S) on each GPU's per-operator weight-read efficiency"
        case .sglang03: "not validated: vLLM 0.15's kernels and iteration overhead assumed; request overhead from SGLang 0.3's median TTFT at 4 req/s"
        }
    }

    /// Sets the engine's overheads and cap in `metadata` and says so in its provenance.
    public func apply(to metadata: inout ProfileMetadata) {
        metadata.requestOverheadMs = requestOverheadMs
        metadata.iterationOverheadMs = iterationOverheadMs
        metadata.sequenceOverheadMs = sequenceOverheadMs
        metadata.maxRunningRequests = maxRunningRequests
        metadata.schedulerLookahead = schedulerLookahead
        if self != .none {
            metadata.provenance += "; engine: \(rawValue) (request \(requestOverheadMs) ms, iteration \(iterationOverheadMs) ms"
                + (maxRunningRequests.map { ", at most \($0) running" } ?? "") + (schedulerLookahead > 0 ? ", schedules one step ahead" : "") + "; \(evidence))"
        }
    }
}
