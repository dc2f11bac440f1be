import Foundation
import Profiling

/// The offline batch latencies in `../shared/data/measured/batch-latency.csv`
/// (vLLM's nightly CI: Llama-3.1-8B TP1, a batch of 8 requests of 32 prompt and
/// 128 output tokens, on A100-80GB, H100 and H200): almost all decode, so they
/// check the profile's small-batch decode iterations on three GPU generations.
public enum PublishedBatchLatency {
    public struct Row: Sendable {
        public var gpu, model: String
        public var tensorParallel, batch, prompt, output: Int
        public var latencyMs: Double
    }

    public static func load(path: String) throws(InputError) -> [Row] {
        var records = try CSVRecords(path: path, required: ["gpu", "model", "tensor_parallel", "batch_size", "prompt_tokens", "output_tokens",
                                                            "mean_batch_latency_ms"], allowOthers: true)
        var rows: [Row] = []
        while let r = records.next() {
            rows.append(Row(gpu: try r.string("gpu"), model: try r.string("model"), tensorParallel: try r.count("tensor_parallel"),
                            batch: try r.count("batch_size"), prompt: try r.count("prompt_tokens"), output: try r.count("output_tokens"),
                            latencyMs: try r.double("mean_batch_latency_ms")))
        }
        return rows
    }
}
