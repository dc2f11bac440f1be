import Profiling

/// Latency profiles whose every figure can be worked out by hand.
public enum TestProfiles {
    /// `t = floor + slope·b + kvSlope·k` ms on a 2 × 2 grid (batches 1 and
    /// `maxBatch`, KV 0 and `kvCapacity`); bilinear interpolation of an affine
    /// function is exact, so every iteration time inside the grid is the formula.
    /// The default, `5 + 0.01·b`, runs 1,000 tokens in 15 ms, 2,000 in 25 ms and 9,500 in 100 ms.
    public static func affine(floor: Double = 5, slope: Double = 0.01, kvSlope: Double = 0,
                              maxBatch: Double = 10_000, kvCapacity: Int = 1_000_000,
                              gpu: String = "H100-SXM", price: Double = 2, name: String? = nil) throws -> LatencyProfile {
        let b: [Double] = [1, maxBatch], k: [Double] = [0, Double(kvCapacity)]
        var v: [Double] = []
        for kv in k { for batch in b { v.append(floor + slope * batch + kvSlope * kv) } }
        return try grid(batches: b, kvCapacity: kvCapacity, values: v, gpu: gpu, price: price, name: name ?? "affine")
    }

    /// A profile on batches × KV {0, `kvCapacity`} with `values` row by row (KV outer).
    public static func grid(batches: [Double], kvCapacity: Int, values: [Double],
                            gpu: String = "H200", price: Double = 1, name: String = "hand-made") throws -> LatencyProfile {
        LatencyProfile(
            metadata: ProfileMetadata(name: name, gpu: gpu, gpusPerInstance: 1, model: "m", tensorParallel: 1,
                                      kvCapacityTokens: kvCapacity, pricePerGPUHour: price, provenance: "test"),
            table: try IterationTable(tokenBatches: batches, kvTokens: [0, Double(kvCapacity)], values: values))
    }

    /// A profile bundled under `workloads/profiles`.
    public static func bundled(_ file: String) throws -> LatencyProfile {
        try ProfileFormat.read(path: Repository.path("workloads/profiles/\(file)"))
    }
}
