/// One offline batch-latency measurement: `batch` requests of `prompt` and
/// `output` tokens started together, timed to the end of the last (vLLM's
/// nightly CI reports these; `workloads/validation/scenarios.yaml` reads them
/// from the shared data's `measured/batch-latency.csv`).
public enum PublishedBatchLatency {
    public struct Row: Sendable {
        public var gpu, model: String
        public var tensorParallel, batch, prompt, output: Int
        public var latencyMs: Double
    }
}
