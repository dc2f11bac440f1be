/// Engine overheads a kernel profile does not hold, per serving engine,
/// fitted once on the calibration scenario and written into a profile's
/// metadata by `planner profile generate --engine`.
///
/// Each was fitted on one scenario only: the published vLLM 0.6.0 and SGLang
/// 0.3.0 medians for Llama-3.1-8B on one A100-80GB at 4 req/s (ShareGPT); the
/// 8 req/s run of the same source is held out (README, "Fidelity"). Neither
/// engine needs a per-iteration overhead on top of the roofline's floor: the
/// simulated TPOT is already 4-7 % above vLLM's at both rates, so the fitted
/// value is 0.
public enum ServingEngine: String, Sendable, CaseIterable, Codable {
    /// No overheads: the kernels alone.
    case none
    /// vLLM 0.6.0 with its OpenAI-compatible API server: the simulated median
    /// TTFT at 4 req/s is 33 ms against 100.5 ms measured, so 68 ms per request.
    case vllm06 = "vllm-0.6"
    /// SGLang 0.3.0: the simulated median TTFT (33 ms) already matches the
    /// measured 32.0 ms at 4 req/s, so no per-request overhead.
    case sglang03 = "sglang-0.3"

    public var requestOverheadMs: Double {
        switch self {
        case .none, .sglang03: 0
        case .vllm06: 68
        }
    }

    public var iterationOverheadMs: Double { 0 }

    /// Sets the engine's overheads in `metadata` and says so in its provenance.
    public func apply(to metadata: inout ProfileMetadata) {
        metadata.requestOverheadMs = requestOverheadMs
        metadata.iterationOverheadMs = iterationOverheadMs
        if self != .none { metadata.provenance += "; engine overheads: \(rawValue) (request \(requestOverheadMs) ms, iteration \(iterationOverheadMs) ms)" }
    }
}
