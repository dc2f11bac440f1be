import Foundation

/// Builds a full iteration table from Vidur's per-operator measurements.
///
/// Vidur profiles one transformer layer's non-attention operators
/// (`compute/<gpu>/<model>/mlp.csv`: layer norms, QKV and output projections,
/// rotary embedding, MLP up/activation/down, residual add, and the embedding
/// lookup) against the token count and TP degree, and NCCL all-reduce against
/// message size and workers (`network/<gpu>_dgx/all_reduce.csv`). An iteration is
///
/// `t(b, k) = layers · Σ ops(b) + embedding(b) + 2 · layers · all-reduce(b · hidden · 2 bytes) + LM head(b) + KV read(k)`
///
/// with the medians of the repeated rows, interpolated linearly in the token
/// count. Three parts are not in the measured files and come from the roofline
/// with its default factors, stated in the provenance: the LM head (not a
/// profiled operator), decode attention (the KV-cache read, ``RooflineModel``'s
/// memory term for `k` tokens) and prefill attention (Vidur's current attention
/// profiles are not in the shared data). The measured part is the bulk of
/// every iteration below long contexts.
public enum VidurImporter {
    public struct Result: Sendable {
        public var profile: LatencyProfile
        /// (roofline − imported) / imported at every grid point of the imported
        /// table, for the same GPU, model and TP, sorted.
        public var rooflineDifferences: [Double]
    }

    static let operators = ["input_layernorm", "attn_pre_proj", "attn_rope", "attn_post_proj", "post_attention_layernorm",
                            "mlp_up_proj", "mlp_act", "mlp_down_proj", "add"]

    /// - Parameters:
    ///   - directory: the Vidur profiling folder (holding `compute/` and `network/`).
    ///   - gpu: Vidur's device folder, `a100` or `h100`.
    ///   - model: the model's folder under `compute/<gpu>/`, e.g. `meta-llama/Meta-Llama-3-8B`.
    public static func importProfile(directory: String, gpu: String, model: String, tensorParallel: Int,
                                     kvCapacityTokens: Int? = nil, pricePerGPUHour: Double? = nil) throws(InputError) -> Result {
        let folder = URL(fileURLWithPath: directory)
        let mlpPath = folder.appendingPathComponent("compute/\(gpu)/\(model)/mlp.csv").path
        guard FileManager.default.fileExists(atPath: mlpPath) else {
            let root = folder.appendingPathComponent("compute").path
            let gpus = (try? FileManager.default.contentsOfDirectory(atPath: root))?.sorted() ?? []
            throw InputError(source: mlpPath, "no such file; GPUs under \(root): \(gpus.joined(separator: ", ")) (models are folders like meta-llama/Meta-Llama-3-8B)")
        }
        guard let spec = GPUSpec.named(gpu) else { throw InputError(source: mlpPath, field: "gpu", "'\(gpu)' is not in the GPU catalogue") }
        let modelName = String(model.split(separator: "/").last ?? "")
        guard let architecture = ModelArchitecture.named(modelName) else {
            throw InputError(source: mlpPath, field: "model", "'\(modelName)' is not in the model catalogue (its layer count is not in the file)")
        }
        let layerMs = try operatorMedians(path: mlpPath, tensorParallel: tensorParallel, architecture: architecture)
        var allReduce: [(bytes: Double, ms: Double)] = []
        if tensorParallel > 1 {
            let networkPath = folder.appendingPathComponent("network/\(gpu)_dgx/all_reduce.csv").path
            allReduce = try allReduceMedians(path: networkPath, workers: tensorParallel)
        }
        let roofline = RooflineModel(model: architecture, gpu: spec, tensorParallel: tensorParallel)
        let capacity = kvCapacityTokens ?? roofline.kvCapacityTokens()
        guard capacity > 0 else { throw InputError(source: mlpPath, "\(architecture.name) does not fit in \(tensorParallel) × \(spec.name); raise --tp") }
        let batches = layerMs.map(\.tokens)
        let kvAxis = kvGrid(capacity: capacity)
        let tp = Double(tensorParallel), p = RooflineParameters.default
        let memoryEfficiency = roofline.memoryEfficiency
        let lmHeadBytes = Double(architecture.vocabularySize * architecture.hiddenSize * architecture.bytesPerParameter)
        var values: [Double] = []
        for k in kvAxis {
            for (b, row) in zip(batches, layerMs) {
                let lmHead = max(lmHeadBytes / tp / (spec.memoryBandwidth * memoryEfficiency),
                                 2 * Double(architecture.vocabularySize * architecture.hiddenSize) * b / tp / (spec.peakFLOPS * p.computeEfficiency)) * 1e3
                let kvRead = k * architecture.kvBytesPerToken / tp / (spec.memoryBandwidth * memoryEfficiency) * 1e3
                let reduce = tensorParallel > 1 ? 2 * Double(architecture.layers) * interpolate(allReduce, at: b * Double(architecture.hiddenSize * 2)) : 0
                values.append(Double(architecture.layers) * row.layerMs + row.embeddingMs + reduce + lmHead + kvRead)
            }
        }
        let table = try IterationTable(tokenBatches: batches, kvTokens: kvAxis, values: values, source: mlpPath)
        let metadata = ProfileMetadata(
            name: "\(spec.name.lowercased())-\(architecture.name.lowercased())-tp\(tensorParallel)-vidur", gpu: spec.name,
            gpusPerInstance: tensorParallel, model: architecture.name, tensorParallel: tensorParallel, kvCapacityTokens: capacity,
            pricePerGPUHour: pricePerGPUHour ?? spec.pricePerHour,
            provenance: "Vidur per-operator medians compute/\(gpu)/\(model)/mlp.csv" + (tensorParallel > 1 ? " and network/\(gpu)_dgx/all_reduce.csv" : "")
                + "; LM head, KV read and prefill attention from the roofline (memory efficiency \(memoryEfficiency), attention efficiency \(p.attentionEfficiency))",
            prefillAttentionMsPerMillionPairs: roofline.prefillAttentionMsPerMillionPairs)
        let profile = LatencyProfile(metadata: metadata, table: table)
        var rooflineValues: [Double] = []
        for k in kvAxis { for b in batches { rooflineValues.append(roofline.iterationMs(tokenBatch: b, kvTokens: k)) } }
        let differences = zip(rooflineValues, values).map { ($0 - $1) / $1 }.sorted()
        return Result(profile: profile, rooflineDifferences: differences)
    }

    /// Per token count: one layer's operator time and the embedding lookup, ms (medians of repeated rows).
    static func operatorMedians(path: String, tensorParallel: Int, architecture: ModelArchitecture) throws(InputError) -> [(tokens: Double, layerMs: Double, embeddingMs: Double)] {
        let byTP = try operatorMediansByTP(path: path, architecture: architecture)
        guard let rows = byTP[tensorParallel], rows.count >= 2 else {
            throw InputError(source: path, field: "num_tensor_parallel_workers", "no rows for TP \(tensorParallel); the file has TP \(byTP.keys.sorted().map(String.init).joined(separator: ", "))")
        }
        return rows
    }

    /// ``operatorMedians(path:tensorParallel:architecture:)`` for every TP degree in the file.
    static func operatorMediansByTP(path: String, architecture: ModelArchitecture) throws(InputError) -> [Int: [(tokens: Double, layerMs: Double, embeddingMs: Double)]] {
        let medians = operators.map { "time_stats.\($0).median" }
        var records = try CSVRecords(path: path, required: medians + ["time_stats.emb.median", "num_tokens", "num_tensor_parallel_workers", "n_embd", "n_head"],
                                     allowOthers: true)
        var samples: [Int: [Int: [(layer: Double, embedding: Double)]]] = [:]
        while let r = records.next() {
            let tp = try r.count("num_tensor_parallel_workers")
            guard try r.count("n_embd") == architecture.hiddenSize, try r.count("n_head") == architecture.attentionHeads else {
                throw InputError(source: path, line: r.line, "the file's model shape (n_embd, n_head) is not \(architecture.name)'s (\(architecture.hiddenSize), \(architecture.attentionHeads))")
            }
            var layer = 0.0
            for column in medians { layer += try r.nonNegative(column) }
            samples[tp, default: [:]][try r.count("num_tokens"), default: []].append((layer, try r.nonNegative("time_stats.emb.median")))
        }
        return samples.mapValues { byTokens in
            byTokens.keys.sorted().filter { $0 > 0 }.map { tokens in
                let s = byTokens[tokens]!
                return (Double(tokens), median(s.map(\.layer)), median(s.map(\.embedding)))
            }
        }
    }

    /// All-reduce time by message size for `workers` GPUs in one node, ms (median over ranks and repeats).
    static func allReduceMedians(path: String, workers: Int) throws(InputError) -> [(bytes: Double, ms: Double)] {
        var records = try CSVRecords(path: path, required: ["time_stats.all_reduce.median", "num_workers", "size", "devices_per_node"], allowOthers: true)
        var samples: [Int: [Double]] = [:]
        while let r = records.next() {
            guard try r.count("num_workers") == workers, try r.count("devices_per_node") == workers else { continue }
            let size = try r.double("size")
            guard size >= 0, size <= 1e12 else { throw InputError(source: path, line: r.line, field: "size", "\(size) is not a message size in bytes") }
            samples[Int(size), default: []].append(try r.nonNegative("time_stats.all_reduce.median"))
        }
        guard samples.count >= 2 else { throw InputError(source: path, "no all-reduce rows for \(workers) GPUs in one node") }
        return samples.keys.sorted().map { (Double($0), median(samples[$0]!)) }
    }

    /// Linear in size between measured points; the last segment's slope beyond them, the first value below.
    static func interpolate(_ points: [(bytes: Double, ms: Double)], at x: Double) -> Double {
        guard x > points[0].bytes else { return points[0].ms }
        var i = 1
        while i < points.count - 1, points[i].bytes < x { i += 1 }
        let a = points[i - 1], b = points[i]
        return max(a.ms, a.ms + (b.ms - a.ms) * (x - a.bytes) / (b.bytes - a.bytes))
    }
}
