/// Tabulates a ``RooflineModel`` into a profile for GPUs nobody has profiled.
public enum RooflineGenerator {
    /// Token-batch grid: powers of two to 16,384, dense where decode batches live.
    static let tokenBatches: [Double] = [1, 2, 4, 8, 16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384]

    public static func profile(model: ModelArchitecture, gpu: GPUSpec, tensorParallel: Int,
                               parameters: RooflineParameters = .default, pricePerGPUHour: Double? = nil) throws(InputError) -> LatencyProfile {
        let roofline = RooflineModel(model: model, gpu: gpu, tensorParallel: tensorParallel, parameters: parameters)
        let capacity = roofline.kvCapacityTokens()
        guard capacity > 0 else {
            throw InputError(source: "roofline", "\(model.name) (\(Int(model.weightBytes / 1e9)) GB of weights) does not fit in \(tensorParallel) × \(gpu.name) (\(Int(gpu.memoryBytes / 1e9)) GB each); raise --tp")
        }
        let kvAxis = kvGrid(capacity: capacity)
        var values: [Double] = []
        for k in kvAxis { for b in tokenBatches { values.append(roofline.iterationMs(tokenBatch: b, kvTokens: k)) } }
        let table = try IterationTable(tokenBatches: tokenBatches, kvTokens: kvAxis, values: values, source: "roofline")
        let p = parameters
        let metadata = ProfileMetadata(
            name: "\(gpu.name.lowercased())-\(model.name.lowercased())-tp\(tensorParallel)", gpu: gpu.name, gpusPerInstance: tensorParallel,
            model: model.name, tensorParallel: tensorParallel, kvCapacityTokens: capacity,
            pricePerGPUHour: pricePerGPUHour ?? gpu.pricePerHour,
            provenance: "roofline generator: compute efficiency \(p.computeEfficiency), memory efficiency \(p.memoryEfficiency), all-reduce latency \(p.allReduceLatencyMs) ms, iteration floor \(p.iterationFloorMs) ms; price: \(gpu.priceSource)")
        return LatencyProfile(metadata: metadata, table: table)
    }
}
