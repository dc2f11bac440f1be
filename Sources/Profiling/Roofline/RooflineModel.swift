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

    public init(computeEfficiency: Double, memoryEfficiency: Double, allReduceLatencyMs: Double, iterationFloorMs: Double) {
        self.computeEfficiency = computeEfficiency
        self.memoryEfficiency = memoryEfficiency
        self.allReduceLatencyMs = allReduceLatencyMs
        self.iterationFloorMs = iterationFloorMs
    }

    /// Hardware factors fitted by `planner profile calibrate --fit` against the
    /// splitwise-sim measurements (llama2-70b on A100-80GB and H100-80GB, TP 2/4/8),
    /// with the floor of a modern framework that captures its decode step in
    /// CUDA graphs (an assumption: splitwise's 2023 framework measured 28 ms on
    /// DGX-H100 and 44 ms on DGX-A100, see ``splitwiseFloorMs``).
    public static let `default` = RooflineParameters(
        computeEfficiency: 0.65, memoryEfficiency: 0.60, allReduceLatencyMs: 0.01, iterationFloorMs: 2.0)

    /// The per-platform floors fitted to splitwise-sim's measurements.
    public static let splitwiseFloorMs: [String: Double] = ["A100-80GB": 44, "H100-SXM": 28]
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
    public func iterationMs(tokenBatch b: Double, kvTokens k: Double) -> Double {
        let tp = Double(tensorParallel)
        let p = parameters
        let bytes = model.weightBytes + k * model.kvBytesPerToken
        let memoryMs = bytes / tp / (gpu.memoryBandwidth * p.memoryEfficiency) * 1e3
        let attentionFLOPs = 4 * Double(model.layers * model.attentionHeads * model.headDim) * k
        let flops = 2 * model.blockParameters * b + 2 * model.embeddingParameters / (model.tiedEmbeddings ? 1 : 2) * b + attentionFLOPs
        let computeMs = flops / tp / (gpu.peakFLOPS * p.computeEfficiency) * 1e3
        var allReduceMs = 0.0
        if tensorParallel > 1 {
            let payload = b * Double(model.hiddenSize * model.bytesPerParameter) * 2 * (tp - 1) / tp
            allReduceMs = 2 * Double(model.layers) * (p.allReduceLatencyMs + payload / gpu.interconnectBandwidth * 1e3)
        }
        return max(p.iterationFloorMs, memoryMs) + computeMs + allReduceMs
    }

    /// KV tokens that fit in what HBM leaves after the weights, keeping
    /// `1 − utilisation` free for activations (vLLM's default utilisation is 0.9).
    public func kvCapacityTokens(memoryUtilisation: Double = 0.9) -> Int {
        let free = gpu.memoryBytes * Double(tensorParallel) * memoryUtilisation - model.weightBytes
        return max(0, Int(free / model.kvBytesPerToken))
    }
}
