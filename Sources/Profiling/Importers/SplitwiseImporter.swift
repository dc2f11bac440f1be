/// Turns splitwise-sim measurements for one model, GPU and TP into a profile.
///
/// Mapping (see ``SplitwiseMeasurement``): a prefill row is an iteration of
/// `prompt · batch` tokens with as many KV tokens; a decode row is an
/// iteration of `batch` tokens holding `batch · (prompt + tokens/2)` KV tokens.
/// The KV axis is barely sampled (only batch-1 decode rows vary the context),
/// so the importer fits one slope, ms per resident KV token, by least squares
/// within each decode batch size, and keeps the measured medians along the
/// token-batch axis: `t(b, k) = base(b) + slope · k` with
/// `base(b) = median over rows at b of (measured − slope · kv)`. A base that
/// falls as the batch grows (measurement noise, or a different kernel at
/// another shape) is lifted to the running maximum and reported.
public enum SplitwiseImporter {
    public struct Result: Sendable {
        public var profile: LatencyProfile
        public var kvSlopeMsPerToken: Double
        /// Token batches whose base time was lifted to keep the table monotone.
        public var liftedBatches: [Double]
        public var measurements: [SplitwiseMeasurement]
    }

    public static func importProfile(path: String, model: String, hardware: String, tensorParallel: Int,
                                     kvCapacityTokens: Int? = nil, pricePerGPUHour: Double? = nil) throws(InputError) -> Result {
        let all = try SplitwiseMeasurement.load(path: path)
        let rows = all.filter { $0.model == model && $0.hardware == hardware && $0.tensorParallel == tensorParallel }
        guard !rows.isEmpty else {
            let available = Set(all.map { "--model \($0.model) --gpu \($0.hardware) --tp \($0.tensorParallel)" }).sorted()
            throw InputError(source: path, "no rows for model \(model), hardware \(hardware), TP \(tensorParallel); available: \(available.joined(separator: "; "))")
        }
        let slope = kvSlope(rows)
        var bases: [Double: [Double]] = [:]
        for row in rows {
            let prefill = row.prefillPoint
            // The prefill time holds its prompts' attention: imported tables price it in the token batch.
            for point in [(tokenBatch: prefill.tokenBatch, kvTokens: prefill.kvTokens, ms: prefill.ms), row.decodePoint] {
                bases[point.tokenBatch, default: []].append(point.ms - slope * point.kvTokens)
            }
        }
        let batches = bases.keys.sorted()
        var base = batches.map { median(bases[$0]!) }
        var lifted: [Double] = []
        for i in base.indices.dropFirst() where base[i] < base[i - 1] {
            lifted.append(batches[i])
            base[i] = base[i - 1]
        }
        let gpu = GPUSpec.named(hardware)
        let architecture = ModelArchitecture.named(model)
        var capacity = kvCapacityTokens
        if capacity == nil, let gpu, let architecture {
            capacity = RooflineModel(model: architecture, gpu: gpu, tensorParallel: tensorParallel).kvCapacityTokens()
        }
        guard let capacity, capacity > 0 else {
            throw InputError(source: path, "cannot derive the KV capacity of \(model) on \(hardware) (not in the catalogue); pass --kv-capacity")
        }
        let kvAxis = kvGrid(capacity: capacity)
        var values: [Double] = []
        for k in kvAxis { for b in base { values.append(b + slope * k) } }
        let table = try IterationTable(tokenBatches: batches, kvTokens: kvAxis, values: values, source: path)
        let metadata = ProfileMetadata(
            name: "\(model)-\(hardware)-tp\(tensorParallel)-splitwise", gpu: gpu?.name ?? hardware, gpusPerInstance: tensorParallel,
            model: architecture?.name ?? model, tensorParallel: tensorParallel, kvCapacityTokens: capacity,
            pricePerGPUHour: pricePerGPUHour ?? gpu?.pricePerHour ?? 0,
            provenance: "splitwise-sim perf_model.csv (\(rows.count) configurations; medians of repeats); kv slope \(slope) ms/token fitted within decode batch sizes")
        return Result(profile: LatencyProfile(metadata: metadata, table: table), kvSlopeMsPerToken: slope, liftedBatches: lifted, measurements: rows)
    }

    /// Least-squares slope of decode time against KV within each batch size
    /// (a common slope, one intercept per batch size); never negative.
    static func kvSlope(_ rows: [SplitwiseMeasurement]) -> Double {
        let groups = Dictionary(grouping: rows.map(\.decodePoint), by: \.tokenBatch)
        var sxy = 0.0, sxx = 0.0
        for points in groups.values where points.count >= 2 {
            let mx = points.map(\.kvTokens).reduce(0, +) / Double(points.count)
            let my = points.map(\.ms).reduce(0, +) / Double(points.count)
            for p in points {
                sxy += (p.kvTokens - mx) * (p.ms - my)
                sxx += (p.kvTokens - mx) * (p.kvTokens - mx)
            }
        }
        return sxx > 0 ? max(0, sxy / sxx) : 0
    }
}

/// KV grid from 0 to the capacity, doubling from 1,024 tokens; the capacity itself is the last point.
func kvGrid(capacity: Int) -> [Double] {
    var axis: [Double] = [0]
    var k = 1024
    while k < capacity { axis.append(Double(k)); k *= 2 }
    axis.append(Double(max(capacity, 1)))
    return axis
}
