import Foundation

/// Static-batch latencies of LLM-Inference-Bench (the shared data's `measured/argonne/`),
/// as the runs the latency model covers.
///
/// The file names hardware, engine and model as published; rows on hardware,
/// engines or models outside the catalogues are counted by reason, not
/// guessed. Argonne's A100 nodes (Polaris) carry the 40 GB SXM part and its
/// GH200 nodes the 96 GB HBM3 part: both matter, since bandwidth sets a
/// decode step and capacity sets when a batch no longer fits.
public struct StaticBatchCorpus: Sendable {
    /// How runs are grouped for holding whole groups out of a fit.
    public enum Grouping: String, Sendable, CaseIterable, Codable {
        case gpu, model
        case tensorParallel = "tp"
    }

    public var runs: [StaticBatchRun]
    /// Rows left out, by reason (an unknown GPU, engine or model).
    public var skipped: [String: Int]
    public var source: String

    /// Hardware names of the file mapped to the catalogue.
    public static let hardware = ["Nvidia A100 GPU": "A100-40GB", "Nvidia GH200 GPU": "GH200", "AMD MI300X GPU": "MI300X"]
    /// Engines of the file mapped to ``ServingEngine``: its vLLM rows are 2024 releases (V0).
    public static let engines: [String: ServingEngine] = ["vLLM": .vllm06, "TensorRT-LLM": .tensorRTLLM]

    public init(runs: [StaticBatchRun], skipped: [String: Int] = [:], source: String = "") {
        self.runs = runs
        self.skipped = skipped
        self.source = source
    }

    /// Reads the published CSV (columns `Hardware`, `Num of Hardware`,
    /// `Framework`, `Model`, `Input Output Length`, `Batch Size`, `Latency` in seconds).
    public static func load(path: String) throws(InputError) -> StaticBatchCorpus {
        var records = try CSVRecords(path: path, required: ["Hardware", "Num of Hardware", "Framework", "Model", "Input Output Length", "Batch Size", "Latency"],
                                     allowOthers: true)
        var runs: [StaticBatchRun] = []
        var skipped: [String: Int] = [:]
        while let r = records.next() {
            let hardware = try r.string("Hardware"), framework = try r.string("Framework"), model = try r.string("Model")
            guard let gpu = Self.hardware[hardware] else { skipped["hardware \(hardware)", default: 0] += 1; continue }
            guard let engine = engines[framework] else { skipped["engine \(framework)", default: 0] += 1; continue }
            guard let architecture = ModelArchitecture.named(model) else { skipped["model \(model)", default: 0] += 1; continue }
            let tp = try r.count("Num of Hardware"), length = try r.count("Input Output Length"), batch = try r.count("Batch Size")
            let seconds = try r.double("Latency")
            guard tp >= 1, tp <= 64, length >= 1, length <= 1_000_000, batch >= 1, batch <= 100_000 else {
                throw InputError(source: path, line: r.line, "a tensor-parallel degree, length or batch size out of range")
            }
            guard seconds.isFinite, seconds > 0, seconds < 1e6 else {
                throw InputError(source: path, line: r.line, field: "Latency", "\(seconds) is not a positive number of seconds")
            }
            runs.append(StaticBatchRun(gpu: gpu, model: architecture.name, engine: engine, tensorParallel: tp, batch: batch, length: length,
                                       latencyMs: seconds * 1000, line: r.line))
        }
        return StaticBatchCorpus(runs: runs, skipped: skipped, source: path)
    }
}
