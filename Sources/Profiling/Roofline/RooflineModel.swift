import Foundation

/// Efficiency factors that turn peak figures into predicted iteration times.
///
/// Each is a fraction of a datasheet figure or a time of one kernel, with a
/// physical range it must stay in (``ranges``). The defaults are fitted to
/// measured static batches of several GPUs, models and tensor-parallel
/// degrees with whole groups held out (`planner validate`; docs/validation.md);
/// the attention efficiency comes from kernels measured alone (Vidur's A100
/// attention operators). The engine's own time per iteration and per request
/// is not here: it is the serving engine's (``ServingEngine``).
public struct RooflineParameters: Sendable, Equatable, Codable {
    /// Fraction of peak dense FLOP/s that GEMMs reach.
    public var computeEfficiency: Double
    /// Fraction of peak dense FLOP/s that a mixture-of-experts layer's expert
    /// GEMMs reach; `nil`: ``computeEfficiency``. Grouped GEMMs over each
    /// expert's slice of the batch (a fused MoE kernel) are smaller and less
    /// regular than a dense layer's, so they reach less of peak.
    public var expertComputeEfficiency: Double?
    /// Fraction of peak HBM bandwidth that weight and KV reads reach; `nil`:
    /// the GPU's per-operator figure (``KernelFigures/memoryEfficiency``).
    public var memoryEfficiency: Double?
    /// Fixed time of one layer per iteration (kernel launches and the small
    /// elementwise kernels), milliseconds; `nil`: the GPU's per-operator figure.
    public var layerOverheadMs: Double?
    /// Fixed latency of one all-reduce kernel, milliseconds.
    public var allReduceLatencyMs: Double
    /// A floor for one iteration, milliseconds (0: none).
    public var iterationFloorMs: Double
    /// Fraction of the GPU-to-GPU link's bandwidth that an all-reduce reaches.
    public var interconnectEfficiency: Double
    /// Fraction of peak FLOP/s that prefill attention (the query × context
    /// products of a prompt chunk) reaches.
    public var attentionEfficiency: Double
    /// How far a GEMM hides its arithmetic behind its weight reads: the
    /// exponent `p` of the norm `(wᵖ + cᵖ)^(1/p)` that combines the two
    /// times (``RooflineModel/overlap(_:_:exponent:)``). 1: one after the
    /// other; the larger, the closer to the roofline's maximum.
    public var overlapExponent: Double = 4

    public init(computeEfficiency: Double, memoryEfficiency: Double? = nil, layerOverheadMs: Double? = nil, allReduceLatencyMs: Double,
                iterationFloorMs: Double = 0, interconnectEfficiency: Double = 1, attentionEfficiency: Double = 1) {
        self.computeEfficiency = computeEfficiency
        self.memoryEfficiency = memoryEfficiency
        self.layerOverheadMs = layerOverheadMs
        self.allReduceLatencyMs = allReduceLatencyMs
        self.iterationFloorMs = iterationFloorMs
        self.interconnectEfficiency = interconnectEfficiency
        self.attentionEfficiency = attentionEfficiency
    }

    /// The ranges a fitted or given value must stay in: a fraction of a
    /// datasheet figure above 0 and at most 1; kernel times from 0 to what no
    /// kernel of a current GPU takes.
    public static let ranges = (
        computeEfficiency: 0.05...1.0, expertComputeEfficiency: 0.05...1.0, memoryEfficiency: 0.3...1.0, layerOverheadMs: 0.0...0.2,
        allReduceLatencyMs: 0.002...0.2, interconnectEfficiency: 0.05...1.0, attentionEfficiency: 0.05...1.0, overlapExponent: 1.0...16.0
    )

    /// The fit of `planner validate` on every static batch of
    /// the shared corpus that the model covers (docs/validation.md gives the
    /// held-out errors); attention from Vidur's A100 kernels.
    public static let `default` = RooflineParameters(
        computeEfficiency: 0.455, memoryEfficiency: 0.836, layerOverheadMs: 0, allReduceLatencyMs: 0.026,
        iterationFloorMs: 0, interconnectEfficiency: 0.232, attentionEfficiency: 0.25)

    /// The per-platform floors fitted to splitwise-sim's 2023 framework
    /// (22 ms on DGX-H100, 38 ms on DGX-A100): only to compare with its rows.
    public static let splitwiseFloorMs: [String: Double] = ["A100-80GB": 38, "H100-SXM": 22]

    /// ``default`` as splitwise's 2023 framework ran it (weights at 0.8 of
    /// peak bandwidth; the floors are per platform): only to compare with its rows.
    public static var splitwise: RooflineParameters {
        var p = RooflineParameters.default
        p.memoryEfficiency = 0.8
        return p
    }
}

/// Analytic iteration time from a model's shape and a GPU's peak figures.
public struct RooflineModel: Sendable {
    public var model: ModelArchitecture
    public var gpu: GPUSpec
    public var tensorParallel: Int
    public var parameters: RooflineParameters
    /// Expert parallelism and data-parallel attention over the `tensorParallel` GPUs (``ParallelLayout``).
    public var layout = ParallelLayout.tensor

    public init(model: ModelArchitecture, gpu: GPUSpec, tensorParallel: Int, parameters: RooflineParameters = .default, layout: ParallelLayout = .tensor) {
        self.model = model
        self.gpu = gpu
        self.tensorParallel = tensorParallel
        self.parameters = parameters
        self.layout = layout
    }

    /// The memory efficiency in force: the parameters', else the GPU's measured one.
    public var memoryEfficiency: Double { parameters.memoryEfficiency ?? gpu.kernels.memoryEfficiency }
    /// The per-layer fixed time in force, ms.
    public var layerOverheadMs: Double { parameters.layerOverheadMs ?? gpu.kernels.layerOverheadMs }

    /// `max(floor, ‖(weights, FLOPs)‖₄ + layers · fixed + KV reads) + all-reduces + prefill attention`, in ms.
    ///
    /// The GEMMs read the weights (for an MoE model, the experts the batch's
    /// tokens reach) and compute `2 · active parameters` FLOPs a token; the
    /// two overlap, so they combine as a 4-norm (``overlap(_:_:)``: a GEMM of a
    /// few hundred tokens still hides most of its arithmetic behind its weight reads).
    /// Decode attention streams the resident KV once an iteration, after the
    /// GEMMs, so its reads add. All of it is split evenly over the
    /// tensor-parallel group, which all-reduces its activations twice a layer
    /// (after attention and after the MLP) with a ring: `2(tp−1)/tp` of the
    /// payload crosses each link, plus the kernel's fixed latency. The extra
    /// work of a prefill chunk's queries is ``prefillAttentionMs(pairs:)``.
    public func iterationMs(tokenBatch b: Double, kvTokens k: Double, prefillPairs: Double = 0) -> Double {
        guard layout.isTensor else { return layoutIterationMs(tokenBatch: b, kvTokens: k, prefillPairs: prefillPairs) }
        let tp = Double(tensorParallel)
        let p = parameters
        let bandwidth = gpu.memoryBandwidth * memoryEfficiency
        let weightMs = model.weightReadBytes(tokens: b) / tp / bandwidth * 1e3
        let expertFlops = 2 * model.activeExpertParameters * b
        let denseFlops = 2 * (model.activeBlockParameters + Double(model.vocabularySize * model.hiddenSize)) * b - expertFlops
        let computeMs = (denseFlops / p.computeEfficiency + expertFlops / (p.expertComputeEfficiency ?? p.computeEfficiency))
            / tp / model.precision.gemmPeak(on: gpu).flops * 1e3
        let kvMs = k * model.kvBytesPerToken * kvCopies / tp / bandwidth * 1e3
        let kernelMs = Self.overlap(weightMs, computeMs, exponent: p.overlapExponent) + Double(model.layers) * layerOverheadMs + kvMs
        return max(p.iterationFloorMs, kernelMs) + allReduceMs(tokenBatch: b) + prefillAttentionMs(pairs: prefillPairs)
    }

    /// How a GEMM's weight reads and its arithmetic overlap: the p-norm
    /// `(wᵖ + cᵖ)^(1/p)` (``RooflineParameters/overlapExponent``). With the
    /// default 4, either alone when the other is small, and at the ridge
    /// point (both equal) 1.19 times either, where the sum (p = 1) would give
    /// 2 and the maximum 1. The 2024 engines' static batches fit 4 (the
    /// 2-norm fitted them as well); vLLM 0.15's decode steps of tens of
    /// requests grow with the batch as the sum does (docs/validation.md).
    @inlinable
    public static func overlap(_ w: Double, _ c: Double, exponent: Double = 4) -> Double {
        switch exponent {
        case 4:
            let w2 = w * w, c2 = c * c
            return (w2 * w2 + c2 * c2).squareRoot().squareRoot()
        case 1: return w + c
        default:
            let m = max(w, c)
            guard m > 0 else { return 0 }
            return m * pow(pow(w / m, exponent) + pow(c / m, exponent), 1 / exponent)
        }
    }

    /// Both all-reduces of every layer for `b` tokens of activations, ms; 0 without tensor parallelism.
    public func allReduceMs(tokenBatch b: Double) -> Double {
        guard tensorParallel > 1 else { return 0 }
        let tp = Double(tensorParallel)
        let message = b * Double(model.hiddenSize * model.bytesPerParameter)
        let crossing = message * 2 * (tp - 1) / tp
        let p = parameters
        return 2 * Double(model.layers) * (p.allReduceLatencyMs + crossing / (gpu.interconnectBandwidth * p.interconnectEfficiency) * 1e3)
    }

    /// Time of a prefill chunk's attention, ms: `pairs` is the number of
    /// (query token, context token) products, `Σ chunk · (done + (chunk + 1)/2)`
    /// over the chunks; each costs `4 · layers · heads · headDim` FLOPs (QKᵀ and PV).
    public func prefillAttentionMs(pairs: Double) -> Double {
        prefillAttentionMsPerMillionPairs * pairs / 1e6
    }

    /// ``prefillAttentionMs(pairs:)`` per million pairs: the profile's coefficient.
    public var prefillAttentionMsPerMillionPairs: Double {
        let flops = model.attentionFlopsPerPair * 1e6
        return flops / Double(tensorParallel) / (gpu.peakFLOPS * parameters.attentionEfficiency) * 1e3
    }

    /// Copies of each token's KV the tensor-parallel group keeps: a latent
    /// cache serves every head, so each rank holds all of it; with fewer KV
    /// heads than ranks, each head lives on `tp / kvHeads` ranks (vLLM's rule).
    public var kvCopies: Double {
        if layout.dataParallelAttention { return 1 }
        if model.kvReplicatedAcrossTensorParallel { return Double(tensorParallel) }
        return tensorParallel > model.kvHeads ? Double(tensorParallel / model.kvHeads) : 1
    }

    /// KV tokens that fit in what HBM leaves after the weights, keeping
    /// `1 − utilisation` free for activations (vLLM's default utilisation is 0.9).
    public func kvCapacityTokens(memoryUtilisation: Double = 0.9) -> Int {
        let free = gpu.memoryBytes * Double(tensorParallel) * memoryUtilisation - instanceWeightBytes
        return max(0, Int(free / (model.kvBytesPerToken * kvCopies)))
    }
}
