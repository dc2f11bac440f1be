/// Vidur's attention kernel profile (`attention.csv`): prefill attention of
/// one layer against the chunk and the context before it, measured alone.
/// It checks the roofline's prefill-attention term where splitwise's
/// end-to-end prefills cannot: there attention is a tenth of the time or less.
public struct VidurAttentionRow: Sendable, Equatable {
    public var heads: Int
    public var hiddenSize: Int
    public var tensorParallel: Int
    public var chunk: Int
    public var context: Int
    /// Median kernel time, ms.
    public var ms: Double

    /// (Query, context) pairs of the chunk: `chunk · (context + (chunk + 1)/2)`.
    public var pairs: Double { Double(chunk) * (Double(context) + Double(chunk + 1) / 2) }

    /// FLOPs per GPU: `4 · heads/tp · headDim` a pair.
    public var flops: Double { 4 * Double(heads / tensorParallel) * Double(hiddenSize / heads) * pairs }

    /// The fraction of `gpu`'s peak the measured kernel reached.
    public func efficiency(on gpu: GPUSpec) -> Double { flops / (gpu.peakFLOPS * ms * 1e-3) }

    /// The prefill rows of one request (batch 1) with a measured time, in file order.
    public static func load(path: String) throws(InputError) -> [VidurAttentionRow] {
        var records = try CSVRecords(path: path, required: ["time_stats.attn_prefill.median", "n_embd", "n_q_head", "num_tensor_parallel_workers",
                                                            "batch_size", "prefill_chunk_size", "kv_cache_size", "is_prefill"], allowOthers: true)
        var rows: [VidurAttentionRow] = []
        while let r = records.next() {
            guard try r.string("is_prefill") == "True", try r.count("batch_size") == 1, !(try r.string("time_stats.attn_prefill.median")).isEmpty else { continue }
            let heads = try r.count("n_q_head"), tp = try r.count("num_tensor_parallel_workers")
            guard heads > 0, tp > 0, heads % tp == 0 else { throw InputError(source: path, line: r.line, field: "n_q_head", "\(heads) heads do not split over TP \(tp)") }
            let ms = try r.double("time_stats.attn_prefill.median")
            guard ms > 0 else { throw InputError(source: path, line: r.line, field: "time_stats.attn_prefill.median", "\(ms) must be positive") }
            rows.append(.init(heads: heads, hiddenSize: try r.count("n_embd"), tensorParallel: tp, chunk: try r.count("prefill_chunk_size"),
                              context: try r.count("kv_cache_size"), ms: ms))
        }
        if rows.isEmpty { throw InputError(source: path, "no prefill rows of batch 1 with a measured time") }
        return rows
    }
}

extension RooflineCalibration {
    /// The attention term against kernel rows with at least `minimumPairs`
    /// pairs (smaller chunks are launch-bound): the median and p10/p90 of
    /// (predicted − measured)/measured at `efficiency`, and the efficiency
    /// the kernels reach (median of FLOPs over peak × time).
    public static func attention(_ rows: [VidurAttentionRow], gpu: GPUSpec, efficiency: Double, minimumPairs: Double = 1e6)
        -> (points: Int, medianError: Double, p10Error: Double, p90Error: Double, impliedEfficiency: Double)? {
        let big = rows.filter { $0.pairs >= minimumPairs }
        guard !big.isEmpty else { return nil }
        let errors = big.map { row in (row.flops / (gpu.peakFLOPS * efficiency) * 1e3 - row.ms) / row.ms }.sorted()
        let implied = big.map { $0.efficiency(on: gpu) }.sorted()
        return (big.count, median(errors), percentile(sorted: errors, 0.1), percentile(sorted: errors, 0.9), median(implied))
    }
}
