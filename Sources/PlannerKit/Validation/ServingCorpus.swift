import Foundation
import Profiling

/// The vLLM 0.15 online-serving runs of the shared data's `measured/vllm-0.15-serving/`:
/// `experiments.csv` (deployments), `workloads.yaml` (loads) and `latency.csv`
/// (whole-run and per-stage figures).
public struct ServingCorpus: Sendable {
    public enum Grouping: String, Sendable, CaseIterable, Codable {
        case gpu, model
    }

    public var runs: [ServingRun]
    /// Experiments left out, with why.
    public var skipped: [String]
    public var folder: String

    /// Every run used the study's cap of 128 running requests (its README).
    public static let maxRunningRequests = 128
    static let hardware = ["H100": "H100-SXM", "A100-80GB": "A100-80GB", "L40S": "L40S"]

    public static func load(folder: String) throws(InputError) -> ServingCorpus {
        let base = URL(fileURLWithPath: folder)
        let workloads = try loadWorkloads(path: base.appendingPathComponent("workloads.yaml").path)
        let latencyPath = base.appendingPathComponent("latency.csv").path
        var figures: [String: [String: Double]] = [:]
        var latency = try CSVRecords(path: latencyPath, required: ["experiment", "stage", "metric", "value_ms"])
        while let r = latency.next() {
            guard try r.string("stage") == "-1" else { continue }
            let value = try r.double("value_ms")
            guard value > 0 else { throw InputError(source: latencyPath, line: r.line, field: "value_ms", "\(value) must be positive") }
            figures[try r.string("experiment"), default: [:]][try r.string("metric")] = value
        }
        let experimentsPath = base.appendingPathComponent("experiments.csv").path
        var experiments = try CSVRecords(path: experimentsPath, required: ["experiment", "hardware", "model", "tensor_parallel", "workload",
                                                                           "max_num_batched_tokens", "gpu_memory_utilization", "cpu_kv_offload"],
                                         allowOthers: true)
        var runs: [ServingRun] = []
        var skipped: [String] = []
        while let r = experiments.next() {
            let id = try r.string("experiment"), hw = try r.string("hardware"), modelID = try r.string("model"), load = try r.string("workload")
            guard let gpu = Self.hardware[hw] else { skipped.append("\(id): hardware \(hw) not in the catalogue"); continue }
            guard let model = ModelArchitecture.named(modelID) else { skipped.append("\(id): model \(modelID) not in the catalogue"); continue }
            guard let (stages, prompts) = workloads[load] else {
                throw InputError(source: experimentsPath, line: r.line, field: "workload", "'\(load)' is not a load profile of workloads.yaml")
            }
            guard let measured = figures[id], measured["e2e_mean"] != nil, measured["ttft_mean"] != nil else {
                skipped.append("\(id): no whole-run e2e_mean and ttft_mean in latency.csv"); continue
            }
            let tp = try r.count("tensor_parallel"), budget = try r.count("max_num_batched_tokens")
            let utilisation = try r.double("gpu_memory_utilization")
            guard tp >= 1, tp <= 64, budget >= 1, utilisation > 0, utilisation <= 1 else {
                throw InputError(source: experimentsPath, line: r.line, "tensor_parallel, max_num_batched_tokens or gpu_memory_utilization out of range")
            }
            runs.append(ServingRun(name: "exp \(id) \(hw) \(model.name) TP\(tp) \(load)", experiment: id, gpu: gpu, model: model.name, tensorParallel: tp, engine: .vllm015,
                                   workload: load, stages: stages, prompts: prompts, tokenBudget: budget, memoryUtilisation: utilisation,
                                   maxRunningRequests: maxRunningRequests, cpuKVOffload: try r.string("cpu_kv_offload").lowercased() == "true",
                                   measured: measured))
        }
        return ServingCorpus(runs: runs, skipped: skipped, folder: folder)
    }

    static func loadWorkloads(path: String) throws(InputError) -> [String: ([LoadStage], ServingRun.Prompts)] {
        let root = try YAMLValue.document(path: path, expecting: "load profiles").root
        var out: [String: ([LoadStage], ServingRun.Prompts)] = [:]
        for (name, value) in try root.entries() {
            let m = try value.mapping(allowed: ["stages", "system_prompts", "users_per_prompt", "system_prompt_len", "question_len", "output_len"])
            func required(_ key: String) throws(InputError) -> YAMLValue {
                guard let v = m[key] else { throw value.error("missing '\(key)'") }
                return v
            }
            var stages: [LoadStage] = []
            for stage in try required("stages").array() {
                let pair = try stage.array()
                guard pair.count == 2 else { throw stage.error("a stage is [rate req/s, duration s]") }
                stages.append(.init(rate: try pair[0].positive(maximum: 1e5), seconds: try pair[1].positive(maximum: 1e6)))
            }
            guard !stages.isEmpty else { throw value.error("no stages") }
            let prompts = ServingRun.Prompts(
                systemPrompts: try required("system_prompts").integer(minimum: 1, maximum: 1_000_000),
                usersPerPrompt: try required("users_per_prompt").integer(minimum: 1, maximum: 1_000_000),
                systemPromptTokens: try required("system_prompt_len").integer(minimum: 0, maximum: 10_000_000),
                questionTokens: try required("question_len").integer(minimum: 1, maximum: 10_000_000),
                outputTokens: try required("output_len").integer(minimum: 1, maximum: 10_000_000))
            out[name] = (stages, prompts)
        }
        return out
    }
}
