import Profiling

/// Prefill/decode-disaggregated serving (DistServe, Splitwise): prefill
/// instances run prompts only, decode instances run decode iterations only,
/// and each request's KV cache moves from one to the other after its first token.
///
/// The transfer takes `prompt KV bytes / bandwidth`. KV bytes per token come
/// from the model's shape in the catalogue, `2 · layers · kv heads · head dim
/// · 2 bytes` (Llama-3.1-8B: 131,072 bytes; 70B: 327,680); the bandwidth is
/// the instance's GPUs times the GPU's interconnect bandwidth in the catalogue
/// (NVLink: 450 GB/s per H100 or H200), i.e. prefill and decode instances in
/// one NVLink domain, each GPU of a tensor-parallel group sending its own
/// shard. Across nodes, give the network's bandwidth instead
/// (`disaggregation: {kv_bandwidth_gb_per_s: 50}` for 400 Gb/s per instance).
public struct Disaggregation: Sendable, Codable, Equatable {
    /// Prefill tokens per iteration on a prefill instance (prompts chunked first come, first served).
    public var prefillTokenBudget: Int
    /// KV bytes of one token, all layers.
    public var kvBytesPerToken: Double
    /// Bytes per second one transfer moves from a prefill to a decode instance.
    public var kvBandwidthBytesPerSecond: Double

    public static let defaultPrefillTokenBudget = 8192

    public init(prefillTokenBudget: Int = Disaggregation.defaultPrefillTokenBudget, kvBytesPerToken: Double, kvBandwidthBytesPerSecond: Double) {
        self.prefillTokenBudget = prefillTokenBudget
        self.kvBytesPerToken = kvBytesPerToken
        self.kvBandwidthBytesPerSecond = kvBandwidthBytesPerSecond
    }

    /// Seconds to move the KV of `tokens` tokens.
    public func transferSeconds(tokens: Int) -> Double { Double(tokens) * kvBytesPerToken / kvBandwidthBytesPerSecond }

    /// The catalogue's figures for `profile`'s model and GPU; `bandwidthOverride`
    /// (bytes per second per instance) replaces the interconnect's.
    /// - Throws: ``InputError`` naming the profile when its model or GPU is not in the catalogue and no override is given.
    public static func from(_ profile: LatencyProfile, source: String, prefillTokenBudget: Int = defaultPrefillTokenBudget,
                            bandwidthOverride: Double? = nil) throws(InputError) -> Disaggregation {
        let m = profile.metadata
        guard var model = ModelArchitecture.named(m.model) else {
            throw InputError(source: source, field: "model", "\(m.model) is not in the model catalogue, so its KV bytes per token are unknown; disaggregated serving needs one of \(ModelArchitecture.catalogue.map(\.name).joined(separator: ", "))")
        }
        let bandwidth: Double
        if let bandwidthOverride { bandwidth = bandwidthOverride } else {
            guard let gpu = GPUSpec.named(m.gpu) else {
                throw InputError(source: source, field: "gpu", "\(m.gpu) is not in the GPU catalogue; give disaggregation.kv_bandwidth_gb_per_s in the workload")
            }
            bandwidth = gpu.interconnectBandwidth * Double(m.gpusPerInstance)
        }
        model.precision = m.precision
        return Disaggregation(prefillTokenBudget: prefillTokenBudget, kvBytesPerToken: model.kvBytesPerToken, kvBandwidthBytesPerSecond: bandwidth)
    }
}

/// How a fleet serves: prefill and decode on the same instances, or on separate pools.
public enum ServingMode: String, Sendable, Codable, CaseIterable {
    case colocated
    case disaggregated
}
