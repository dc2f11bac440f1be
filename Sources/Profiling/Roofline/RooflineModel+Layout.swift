import Foundation

/// The roofline under expert parallelism and data-parallel attention
/// (``ParallelLayout``): per GPU, the busiest one sets the iteration.
extension RooflineModel {
    /// Weight bytes all the instance's GPUs hold: the model once, plus
    /// `gpus − 1` more copies of the attention weights under data-parallel attention.
    public var instanceWeightBytes: Double {
        guard layout.dataParallelAttention else { return model.weightBytes }
        return model.weightBytes + Double(tensorParallel - 1) * Double(model.layers) * model.attentionParametersPerLayer * model.precision.weights.bytes
    }

    /// Expected tokens (token-expert assignments) the busiest GPU's experts
    /// receive under expert parallelism: `b · k` assignments spread uniformly
    /// over the GPUs, each GPU a binomial count, the largest of them.
    public func busiestExpertTokens(tokenBatch b: Double) -> Double {
        let g = Double(tensorParallel), n = b * Double(model.expertsPerToken)
        return ParallelLayout.expectedMaximum(mean: n / g, variance: n / g * (1 - 1 / g), groups: tensorParallel)
    }

    /// Expected distinct experts of one MoE layer the busiest GPU reads under
    /// expert parallelism: its `E / gpus` experts, each reached with the
    /// probability ``ModelArchitecture/distinctExperts(tokens:)`` gives an
    /// expert, the largest count over the GPUs, at most all of them.
    public func busiestDistinctExperts(tokenBatch b: Double) -> Double {
        let perGPU = Double(model.experts) / Double(tensorParallel)
        let reached = model.distinctExperts(tokens: b) / Double(model.experts)
        return min(perGPU, ParallelLayout.expectedMaximum(mean: perGPU * reached, variance: perGPU * reached * (1 - reached), groups: tensorParallel))
    }

    /// Collectives per iteration: all-reduces (or the all-gather and
    /// reduce-scatter pair around a tensor-parallel MLP under data-parallel
    /// attention, the same bytes) and all-to-alls. Tensor-parallel attention
    /// leaves the whole batch on every GPU, so an expert-parallel MoE layer
    /// runs its experts on the tokens already there and sums their outputs
    /// with an all-reduce, as a tensor-parallel one does (vLLM's expert
    /// parallelism without data parallelism); only under data-parallel
    /// attention, each GPU holding its own requests' tokens, do they travel
    /// to their experts and back (dispatch and combine).
    public var collectives: (allReduces: Int, allToAlls: Int) {
        guard tensorParallel > 1 else { return (0, 0) }
        let attention = layout.dataParallelAttention ? 0 : model.layers
        let travelling = layout.dataParallelAttention && layout.expertParallel ? model.moeLayers : 0
        return (attention + model.layers - travelling, 2 * travelling)
    }

    /// One all-to-all of `b` tokens, ms: each GPU sends its `b / gpus` tokens'
    /// activations to the GPUs of their `k` experts, `(gpus − 1) / gpus` of
    /// them elsewhere, over its link, plus the collective's fixed latency
    /// (the all-reduce's: the same kernels' launch and synchronisation).
    public func allToAllMs(tokenBatch b: Double) -> Double {
        let g = Double(tensorParallel), p = parameters
        let bytes = b / g * Double(model.expertsPerToken) * (g - 1) / g * Double(model.hiddenSize * model.bytesPerParameter)
        return p.allReduceLatencyMs + bytes / (gpu.interconnectBandwidth * p.interconnectEfficiency) * 1e3
    }

    /// ``iterationMs(tokenBatch:kvTokens:prefillPairs:)`` under a layout
    /// other than plain tensor parallelism; the same terms, per GPU.
    func layoutIterationMs(tokenBatch b: Double, kvTokens k: Double, prefillPairs: Double) -> Double {
        let g = Double(tensorParallel), p = parameters, m = model
        let bytes = m.precision.weights.bytes
        let bandwidth = gpu.memoryBandwidth * memoryEfficiency
        let attention = Double(m.layers) * m.attentionParametersPerLayer
        let head = Double(m.vocabularySize * m.hiddenSize)
        let dense = m.denseMLPParameters + Double(m.moeLayers) * m.sharedExpertParameters
        // Weights one GPU reads: attention whole under data parallelism, else its slice; the routed experts it holds and the batch reaches.
        let routedRead = layout.expertParallel
            ? Double(m.moeLayers) * busiestDistinctExperts(tokenBatch: b) * m.mlpParametersPerExpert
            : Double(m.moeLayers) * m.distinctExperts(tokens: b) * m.mlpParametersPerExpert / g
        let weightMs = ((layout.dataParallelAttention ? attention : attention / g) + (dense + head) / g + routedRead) * bytes / bandwidth * 1e3
        // FLOPs one GPU computes: every dense term split evenly (by head or by request); the routed experts on the busiest GPU's tokens.
        let routedFlops = layout.expertParallel
            ? 2 * Double(m.moeLayers) * m.mlpParametersPerExpert * busiestExpertTokens(tokenBatch: b)
            : 2 * m.activeExpertParameters * b / g
        let denseFlops = 2 * (attention + dense + head) * b / g
        let computeMs = (denseFlops / p.computeEfficiency + routedFlops / (p.expertComputeEfficiency ?? p.computeEfficiency))
            / m.precision.gemmPeak(on: gpu).flops * 1e3
        let kvMs = k * m.kvBytesPerToken * kvCopies / g / bandwidth * 1e3
        let kernelMs = Self.overlap(weightMs, computeMs, exponent: p.overlapExponent) + Double(m.layers) * layerOverheadMs + kvMs
        let (allReduces, allToAlls) = collectives
        let allReduceEach = tensorParallel > 1 ? allReduceMs(tokenBatch: b) / Double(2 * m.layers) : 0
        let communicationMs = Double(allReduces) * allReduceEach + Double(allToAlls) * (tensorParallel > 1 ? allToAllMs(tokenBatch: b) : 0)
        return max(p.iterationFloorMs, kernelMs) + communicationMs + prefillAttentionMs(pairs: prefillPairs)
    }
}
