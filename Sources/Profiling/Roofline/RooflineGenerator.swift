/// Tabulates a ``RooflineModel`` into a profile for GPUs nobody has profiled.
public enum RooflineGenerator {
    /// Token-batch grid: powers of two to 16,384, dense where decode batches live.
    static let tokenBatches: [Double] = [1, 2, 4, 8, 16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384]

    public static func profile(model: ModelArchitecture, gpu: GPUSpec, tensorParallel: Int,
                               parameters: RooflineParameters = .default, pricePerGPUHour: Double? = nil,
                               memoryUtilisation: Double = 0.9, layout: ParallelLayout = .tensor) throws(InputError) -> LatencyProfile {
        // Tensor parallelism splits attention heads and KV heads across GPUs: both must divide evenly.
        // Attention heads are split evenly; KV heads too, or (fewer than the ranks) each copied on tp / kvHeads ranks.
        // Data-parallel attention splits requests instead, so any group size goes.
        let splits = { (tp: Int) in layout.dataParallelAttention || model.attentionHeads % tp == 0 && (model.kvHeads % tp == 0 || tp % model.kvHeads == 0) }
        guard tensorParallel >= 1, tensorParallel <= 64 else {
            throw InputError(source: "roofline", field: "tp", "\(tensorParallel) GPUs per instance; expected 1 to 64")
        }
        if layout.expertParallel {
            guard model.isMixtureOfExperts else {
                throw InputError(source: "roofline", field: "expert-parallel", "\(model.name) is a dense model; expert parallelism splits the routed experts of a mixture-of-experts model")
            }
            guard tensorParallel > 1, model.experts % tensorParallel == 0 else {
                throw InputError(source: "roofline", field: "expert-parallel",
                                 "\(tensorParallel) GPUs do not split \(model.name)'s \(model.experts) experts evenly (more than one GPU is needed); use one of \((2...64).filter { model.experts % $0 == 0 }.map(String.init).joined(separator: ", "))")
            }
        }
        if layout.dataParallelAttention, tensorParallel < 2 {
            throw InputError(source: "roofline", field: "dp-attention", "data-parallel attention splits requests over the GPUs of an instance; it needs --tp 2 or more")
        }
        guard splits(tensorParallel) else {
            throw InputError(source: "roofline", field: "tp",
                             "\(tensorParallel) does not split \(model.name)'s \(model.attentionHeads) attention heads and \(model.kvHeads) KV heads evenly; use one of \((1...64).filter(splits).map(String.init).joined(separator: ", "))")
        }
        guard Precision.kvFormats.contains(model.precision.kvCache) else {
            throw InputError(source: "roofline", field: "kv", "\(model.precision.kvCache.rawValue) is not a KV-cache format engines keep; use one of \(Precision.kvFormats.map(\.rawValue).joined(separator: ", "))")
        }
        let p = parameters
        let roofline = RooflineModel(model: model, gpu: gpu, tensorParallel: tensorParallel, parameters: parameters, layout: layout)
        for (name, value, range) in [("compute efficiency", p.computeEfficiency, 1e-3...1.0),
                                     ("expert compute efficiency", p.expertComputeEfficiency ?? p.computeEfficiency, 1e-3...1.0), ("memory efficiency", roofline.memoryEfficiency, 1e-3...1.0),
                                     ("layer overhead ms", roofline.layerOverheadMs, 0...1000),
                                     ("all-reduce latency ms", p.allReduceLatencyMs, 0...1000), ("floor-ms", p.iterationFloorMs, 0...10_000),
                                     ("interconnect efficiency", p.interconnectEfficiency, 1e-3...1.0),
                                     ("attention efficiency", p.attentionEfficiency, 1e-3...1.0),
                                     ("overlap exponent", p.overlapExponent, RooflineParameters.ranges.overlapExponent)] {
            guard value.isFinite, range.contains(value) else {
                throw InputError(source: "roofline", field: name, "\(value) is out of range; expected \(range.lowerBound) to \(range.upperBound)")
            }
        }
        if let price = pricePerGPUHour, !(price.isFinite && price >= 0 && price <= 10_000) {
            throw InputError(source: "roofline", field: "price", "\(price) is not a price from 0 to 10000 dollars per GPU-hour")
        }
        guard memoryUtilisation.isFinite, (0.05...1).contains(memoryUtilisation) else {
            throw InputError(source: "roofline", field: "gpu-memory-utilization", "\(memoryUtilisation) is out of range; expected 0.05 to 1")
        }
        let capacity = roofline.kvCapacityTokens(memoryUtilisation: memoryUtilisation)
        guard capacity > 0 else {
            throw InputError(source: "roofline", "\(model.name) (\(Int(roofline.instanceWeightBytes / 1e9)) GB of weights) does not fit in \(tensorParallel) × \(gpu.name) (\(Int(gpu.memoryBytes / 1e9)) GB each); raise --tp")
        }
        let kvAxis = kvGrid(capacity: capacity)
        var values: [Double] = []
        for k in kvAxis { for b in tokenBatches { values.append(roofline.iterationMs(tokenBatch: b, kvTokens: k)) } }
        let table = try IterationTable(tokenBatches: tokenBatches, kvTokens: kvAxis, values: values, source: "roofline")
        let metadata = ProfileMetadata(
            name: "\(gpu.name.lowercased())-\(model.name.lowercased())-\(layout.label(gpus: tensorParallel).lowercased().replacingOccurrences(of: " ", with: "-"))" + (model.precision.isDefault ? "" : "-\(model.precision.compact.replacingOccurrences(of: "/", with: "-"))"), gpu: gpu.name, gpusPerInstance: tensorParallel,
            model: model.name, tensorParallel: tensorParallel, kvCapacityTokens: capacity,
            pricePerGPUHour: pricePerGPUHour ?? gpu.pricePerHour,
            provenance: "roofline generator: \(model.precision.isDefault ? "" : "\(model.precision) (GEMMs in \(model.precision.gemmPeak(on: gpu).format.rawValue)), ")compute efficiency \(p.computeEfficiency)\(model.isMixtureOfExperts ? " (experts \(p.expertComputeEfficiency ?? p.computeEfficiency))" : ""), memory efficiency \(roofline.memoryEfficiency) and layer overhead \(roofline.layerOverheadMs) ms (\(p.memoryEfficiency == nil && p.layerOverheadMs == nil ? gpu.kernels.source : "overridden")), interconnect efficiency \(p.interconnectEfficiency), attention efficiency \(p.attentionEfficiency), all-reduce latency \(p.allReduceLatencyMs) ms, iteration floor \(p.iterationFloorMs) ms, GEMM weights and arithmetic combined as a \(fmtExponent(p.overlapExponent))-norm; price: \(gpu.priceSource)",
            prefillAttentionMsPerMillionPairs: roofline.prefillAttentionMsPerMillionPairs)
        var withPrecision = metadata
        withPrecision.precision = model.precision
        withPrecision.layout = layout
        if !layout.isTensor { withPrecision.provenance += "; \(layout) (unvalidated: no measured expert-parallel or data-parallel-attention runs in the corpus)" }
        return LatencyProfile(metadata: withPrecision, table: table)
    }
}

/// An overlap exponent as a provenance writes it: `1`, `4`, `2.5`.
private func fmtExponent(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
