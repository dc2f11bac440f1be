/// Efficiency factors that turn peak figures into predicted iteration times.
///
/// The hardware factors are shared by every GPU; the per-iteration floor
/// belongs to the serving framework and host (kernel launches, scheduling,
/// sampling), so it is a separate, overridable parameter.
public struct RooflineParameters: Sendable, Equatable, Codable {
    /// Fraction of peak dense FLOP/s that GEMMs reach.
    public var computeEfficiency: Double
    /// Fraction of peak HBM bandwidth that weight and KV reads reach.
    public var memoryEfficiency: Double
    /// Fixed latency of one all-reduce, milliseconds.
    public var allReduceLatencyMs: Double
    /// The framework's floor for one iteration, milliseconds: an iteration
    /// never takes less, however little memory it reads.
    public var iterationFloorMs: Double
    /// Fraction of the interconnect's bandwidth that an all-reduce of more than
    /// ``largeMessageBytes`` reaches.
    public var interconnectEfficiency: Double
    /// The same fraction for messages up to ``largeMessageBytes``. Measured
    /// prefills jump between 2,048 and 4,096 tokens by more as TP grows (2.0×
    /// at TP2, 2.3× at TP4, 2.85× at TP8 on DGX-H100): small all-reduces run a
    /// latency-optimised path and large ones the bandwidth-bound ring.
    public var smallMessageInterconnectEfficiency: Double
    /// Fraction of peak FLOP/s that prefill attention (the query × context
    /// products of a prompt chunk) reaches.
    public var attentionEfficiency: Double

    /// Where the two all-reduce regimes meet: 32 MiB, the activations of 2,048
    /// tokens of a hidden size of 8,192 in bf16 (an observation from the
    /// splitwise measurements, not a fitted value).
    public static let largeMessageBytes = 32.0 * 1024 * 1024

    public init(computeEfficiency: Double, memoryEfficiency: Double, allReduceLatencyMs: Double, iterationFloorMs: Double,
                interconnectEfficiency: Double = 1, smallMessageInterconnectEfficiency: Double = 1, attentionEfficiency: Double = 1) {
        self.computeEfficiency = computeEfficiency
        self.memoryEfficiency = memoryEfficiency
        self.allReduceLatencyMs = allReduceLatencyMs
        self.iterationFloorMs = iterationFloorMs
        self.interconnectEfficiency = interconnectEfficiency
        self.smallMessageInterconnectEfficiency = smallMessageInterconnectEfficiency
        self.attentionEfficiency = attentionEfficiency
    }

    /// Hardware factors fitted against the splitwise-sim measurements (llama2-70b
    /// on A100-80GB and H100-80GB), with the floor of a modern framework that
    /// captures its decode step in CUDA graphs (an assumption: splitwise's 2023
    /// framework measured 26 ms on DGX-H100 and 42 ms on DGX-A100, see ``splitwiseFloorMs``).
    ///
    /// Compute and memory efficiency were fitted on TP 2/4/8 by the first
    /// version; the interconnect, attention and latency factors and the floors
    /// by `planner profile calibrate --fit` on the TP 2 and TP 4 rows only, so
    /// the TP 8 rows are out of sample for them (README, "Fidelity").
    public static let `default` = RooflineParameters(
        computeEfficiency: 0.65, memoryEfficiency: 0.60, allReduceLatencyMs: 0.02, iterationFloorMs: 2.0,
        interconnectEfficiency: 0.17, smallMessageInterconnectEfficiency: 0.8, attentionEfficiency: 1.0)

    /// The per-platform floors fitted to splitwise-sim's measurements.
    public static let splitwiseFloorMs: [String: Double] = ["A100-80GB": 42, "H100-SXM": 26]
}

/// Analytic iteration time from a model's shape and a GPU's peak figures.
public struct RooflineModel: Sendable {
    public var model: ModelArchitecture
    public var gpu: GPUSpec
    public var tensorParallel: Int
    public var parameters: RooflineParameters

    public init(model: ModelArchitecture, gpu: GPUSpec, tensorParallel: Int, parameters: RooflineParameters = .default) {
        self.model = model
        self.gpu = gpu
        self.tensorParallel = tensorParallel
        self.parameters = parameters
    }

    /// `max(floor, weight and KV reads) + GEMM and attention FLOPs + all-reduces`, in ms.
    ///
    /// Reads and FLOPs are split evenly over the tensor-parallel group; each
    /// layer all-reduces its activations twice (after attention and after the
    /// MLP) with a ring: `2(tp−1)/tp` of the payload crosses each link.
    /// Attention is priced at one query per resident KV token (decode); the
    /// extra work of a prefill chunk's queries is ``prefillAttentionMs(pairs:)``.
    public func iterationMs(tokenBatch b: Double, kvTokens k: Double, prefillPairs: Double = 0) -> Double {
        let tp = Double(tensorParallel)
        let p = parameters
        let bytes = model.weightBytes + k * model.kvBytesPerToken
        let memoryMs = bytes / tp / (gpu.memoryBandwidth * p.memoryEfficiency) * 1e3
        let attentionFLOPs = 4 * Double(model.layers * model.attentionHeads * model.headDim) * k
        let flops = 2 * model.blockParameters * b + 2 * model.embeddingParameters / (model.tiedEmbeddings ? 1 : 2) * b + attentionFLOPs
        let computeMs = flops / tp / (gpu.peakFLOPS * p.computeEfficiency) * 1e3
        var allReduceMs = 0.0
        if tensorParallel > 1 {
            let message = b * Double(model.hiddenSize * model.bytesPerParameter)
            let efficiency = message > RooflineParameters.largeMessageBytes ? p.interconnectEfficiency : p.smallMessageInterconnectEfficiency
            let crossing = message * 2 * (tp - 1) / tp
            allReduceMs = 2 * Double(model.layers) * (p.allReduceLatencyMs + crossing / (gpu.interconnectBandwidth * efficiency) * 1e3)
        }
        return max(p.iterationFloorMs, memoryMs) + computeMs + allReduceMs + prefillAttentionMs(pairs: prefillPairs)
    }

    /// Time of a prefill chunk's attention, ms: `pairs` is the number of
    /// (query token, context token) products, `Σ chunk · (done + (chunk + 1)/2)`
    /// over the chunks; each costs `4 · layers · heads · headDim` FLOPs (QKᵀ and PV).
    public func prefillAttentionMs(pairs: Double) -> Double {
        prefillAttentionMsPerMillionPairs * pairs / 1e6
    }

    /// ``prefillAttentionMs(pairs:)`` per million pairs: the profile's coefficient.
    public var prefillAttentionMsPerMillionPairs: Double {
        let flops = 4 * Double(model.layers * model.attentionHeads * model.headDim) * 1e6
        return flops / Double(tensorParallel) / (gpu.peakFLOPS * parameters.attentionEfficiency) * 1e3
    }

    /// KV tokens that fit in what HBM leaves after the weights, keeping
    /// `1 − utilisation` free for activations (vLLM's default utilisation is 0.9).
    public func kvCapacityTokens(memoryUtilisation: Double = 0.9) -> Int {
        let free = gpu.memoryBytes * Double(tensorParallel) * memoryUtilisation - model.weightBytes
        return max(0, Int(free / model.kvBytesPerToken))
    }
}
