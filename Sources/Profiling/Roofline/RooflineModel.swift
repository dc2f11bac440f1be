/// Efficiency factors that turn peak figures into predicted iteration times.
///
/// Memory efficiency and the per-layer fixed time are each GPU's, measured
/// per operator (``GPUSpec/kernels``) unless overridden here; the other
/// factors are shared by every GPU and fitted end to end. The per-iteration
/// floor belongs to the serving framework and host, so it is a separate,
/// overridable parameter.
public struct RooflineParameters: Sendable, Equatable, Codable {
    /// Fraction of peak dense FLOP/s that GEMMs reach.
    public var computeEfficiency: Double
    /// Fraction of peak HBM bandwidth that weight and KV reads reach; `nil`:
    /// the GPU's measured ``KernelFigures/memoryEfficiency``.
    public var memoryEfficiency: Double?
    /// Fixed time of one layer per iteration, ms; `nil`: the GPU's measured
    /// ``KernelFigures/layerOverheadMs``.
    public var layerOverheadMs: Double?
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

    public init(computeEfficiency: Double, memoryEfficiency: Double? = nil, layerOverheadMs: Double? = nil, allReduceLatencyMs: Double,
                iterationFloorMs: Double, interconnectEfficiency: Double = 1, smallMessageInterconnectEfficiency: Double = 1,
                attentionEfficiency: Double = 1) {
        self.computeEfficiency = computeEfficiency
        self.memoryEfficiency = memoryEfficiency
        self.layerOverheadMs = layerOverheadMs
        self.allReduceLatencyMs = allReduceLatencyMs
        self.iterationFloorMs = iterationFloorMs
        self.interconnectEfficiency = interconnectEfficiency
        self.smallMessageInterconnectEfficiency = smallMessageInterconnectEfficiency
        self.attentionEfficiency = attentionEfficiency
    }

    /// Factors in two stages, with the floor of a modern framework that
    /// captures its decode step in CUDA graphs (an assumption: splitwise's 2023
    /// framework measured 22 ms on DGX-H100 and 38 ms on DGX-A100, see ``splitwiseFloorMs``).
    ///
    /// Stage one, kernels measured alone (`planner profile calibrate --kernels
    /// --attention`): each GPU's memory efficiency and per-layer time
    /// (``GPUSpec/kernels``) from Vidur's operators, and the attention
    /// efficiency 0.25 from Vidur's A100 attention kernels (half the rows held
    /// out). Stage two, end to end (`--fit`): compute and interconnect
    /// efficiency, all-reduce latency and the floors on splitwise's TP 2 and
    /// TP 4 rows only, so the TP 8 rows are out of sample (README, "Roofline generator").
    public static let `default` = RooflineParameters(
        computeEfficiency: 0.6, allReduceLatencyMs: 0.05, iterationFloorMs: 2.0,
        interconnectEfficiency: 0.17, smallMessageInterconnectEfficiency: 0.4, attentionEfficiency: 0.25)

    /// The per-platform floors fitted to splitwise-sim's measurements.
    public static let splitwiseFloorMs: [String: Double] = ["A100-80GB": 38, "H100-SXM": 22]
    /// The weight-streaming efficiency splitwise's 2023 framework reached,
    /// fitted with its floors: its batch-1 decodes at TP 2 on H100 take 37 ms,
    /// where Vidur's kernels (0.96 of peak bandwidth) would take 33. Used
    /// only to compare with splitwise; generated profiles use the kernels'.
    public static let splitwiseMemoryEfficiency: Double? = 0.8

    /// ``default`` as splitwise's framework ran: its memory efficiency (the floors are per platform).
    public static var splitwise: RooflineParameters {
        var p = RooflineParameters.default
        p.memoryEfficiency = splitwiseMemoryEfficiency
        return p
    }
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

    /// The memory efficiency in force: the override, else the GPU's measured one.
    public var memoryEfficiency: Double { parameters.memoryEfficiency ?? gpu.kernels.memoryEfficiency }
    /// The per-layer fixed time in force, ms.
    public var layerOverheadMs: Double { parameters.layerOverheadMs ?? gpu.kernels.layerOverheadMs }

    /// `max(floor, √(reads² + FLOPs²) + layers · fixed) + all-reduces + prefill attention`, in ms.
    ///
    /// Reads (weights, one LM head, the resident KV) and FLOPs are split
    /// evenly over the tensor-parallel group. The two combine in quadrature,
    /// not as a sum: a GEMM of a few hundred tokens still hides most of its
    /// arithmetic behind its weight reads. Fitted to Vidur's per-operator
    /// profiles (up to 1,024 tokens, TP 8 held out) the quadrature form has a
    /// median error of 4-5 % where the sum has 5-6 % and is 15-20 % slow at 64
    /// to 256 tokens, the decode batches that set TPOT (README, "Roofline
    /// generator"). Each layer all-reduces its activations twice (after
    /// attention and after the MLP) with a ring: `2(tp−1)/tp` of the payload
    /// crosses each link. Attention is priced at one query per resident KV
    /// token (decode); the extra work of a prefill chunk's queries is
    /// ``prefillAttentionMs(pairs:)``.
    public func iterationMs(tokenBatch b: Double, kvTokens k: Double, prefillPairs: Double = 0) -> Double {
        let tp = Double(tensorParallel)
        let p = parameters
        let bytes = model.weightReadBytes + k * model.kvBytesPerToken
        let memoryMs = bytes / tp / (gpu.memoryBandwidth * memoryEfficiency) * 1e3
        let attentionFLOPs = 4 * Double(model.layers * model.attentionHeads * model.headDim) * k
        let flops = 2 * model.blockParameters * b + 2 * model.embeddingParameters / (model.tiedEmbeddings ? 1 : 2) * b + attentionFLOPs
        let computeMs = flops / tp / (gpu.peakFLOPS * p.computeEfficiency) * 1e3
        let kernelMs = (memoryMs * memoryMs + computeMs * computeMs).squareRoot() + Double(model.layers) * layerOverheadMs
        var allReduceMs = 0.0
        if tensorParallel > 1 {
            let message = b * Double(model.hiddenSize * model.bytesPerParameter)
            let efficiency = message > RooflineParameters.largeMessageBytes ? p.interconnectEfficiency : p.smallMessageInterconnectEfficiency
            let crossing = message * 2 * (tp - 1) / tp
            allReduceMs = 2 * Double(model.layers) * (p.allReduceLatencyMs + crossing / (gpu.interconnectBandwidth * efficiency) * 1e3)
        }
        return max(p.iterationFloorMs, kernelMs) + allReduceMs + prefillAttentionMs(pairs: prefillPairs)
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
