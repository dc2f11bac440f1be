/// Engine overheads a kernel profile does not hold, per serving engine,
/// fitted once by `planner validate --fit` on the manifest's calibration
/// scenarios and written into a profile's metadata by
/// `planner profile generate --engine`.
///
/// Calibration: the published vLLM 0.6.0 medians for Llama-3.1-8B on one
/// A100-80GB at 4 and 8 req/s, SGLang 0.3.0's at 4 req/s (ShareGPT), and vLLM's
/// nightly batch latency on H100. Held out: SGLang at 8 req/s and the A100 and
/// H200 batch latencies (README, "Validation"). The per-iteration and
/// per-running-request times are shared by both engines (one engine at two
/// loads is what separates them); the per-request time is each engine's own.
public enum ServingEngine: String, Sendable, CaseIterable, Codable {
    /// No overheads: the kernels alone.
    case none
    /// vLLM 0.6.0 with its OpenAI-compatible API server: 81 ms per request
    /// (measured median TTFT 100.5 and 120.4 ms at 4 and 8 req/s).
    case vllm06 = "vllm-0.6"
    /// SGLang 0.3.0: 6 ms per request (measured median TTFT 32.0 ms at 4 req/s).
    case sglang03 = "sglang-0.3"

    public var requestOverheadMs: Double {
        switch self {
        case .none: 0
        case .sglang03: 6
        case .vllm06: 81
        }
    }

    public var iterationOverheadMs: Double {
        switch self {
        case .none: 0
        case .vllm06, .sglang03: 0.5
        }
    }

    public var sequenceOverheadMs: Double {
        switch self {
        case .none: 0
        case .vllm06, .sglang03: 0.15
        }
    }

    /// Sets the engine's overheads in `metadata` and says so in its provenance.
    public func apply(to metadata: inout ProfileMetadata) {
        metadata.requestOverheadMs = requestOverheadMs
        metadata.iterationOverheadMs = iterationOverheadMs
        metadata.sequenceOverheadMs = sequenceOverheadMs
        if self != .none { metadata.provenance += "; engine overheads: \(rawValue) (request \(requestOverheadMs) ms, iteration \(iterationOverheadMs) ms, per running request \(sequenceOverheadMs) ms)" }
    }
}
