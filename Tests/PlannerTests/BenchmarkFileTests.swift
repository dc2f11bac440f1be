import Foundation
import Profiling
import Testing
import PlannerTestSupport
@testable import PlannerKit

/// The benchmark tools' files `profile fit` reads. The fixtures hold the
/// tools' documented shapes with made-up figures; every expected value below
/// is read off the fixture by hand.
@Suite struct BenchmarkFileTests {

    @Test func readsEveryBenchmarkOfAGuideLLMSweep() throws {
        let runs = try BenchmarkFile.runs(path: Repository.fixture("guidellm-sweep.json"))
        #expect(runs.count == 4)
        #expect(runs.map(\.load) == [.requests(.closed(users: 1, thinkSeconds: 0), count: 50), .requests(.closed(users: 16, thinkSeconds: 0), count: 400),
                                     .requests(.gamma(rate: 12.5, cv: 0.01), count: 600), .requests(.poisson(rate: 20), count: 800)])
        let concurrent = runs[1]
        // request_latency is in seconds; inter_token_latency_ms is the TPOT (time_per_output_token_ms, 11.4, includes the first token).
        #expect(concurrent.measured[.init(.mean, .e2e)] == 1250)
        #expect(concurrent.measured[.init(.mean, .tpot)] == 9.5)
        #expect(concurrent.measured[.init(.median, .ttft)] == 45 * 0.95)
        #expect(concurrent.measured[.init(.p99, .ttft)] == 90)
        #expect(concurrent.deployment.model == "meta-llama/Llama-3.1-8B-Instruct")
        #expect(concurrent.source.hasSuffix("guidellm-sweep.json#1"))
        guard case let .independent(prompt, output) = concurrent.lengths else { Issue.record("expected independent laws"); return }
        #expect(output == .fixed(128))
        #expect(prompt == .quantiles([(0, 480), (0.01, 480), (0.05, 480), (0.1, 480), (0.25, 512), (0.5, 512), (0.75, 512), (0.9, 540), (0.95, 540), (0.99, 540), (1, 540)]))
    }

    @Test func readsAGenAIPerfExport() throws {
        let runs = try BenchmarkFile.runs(path: Repository.fixture("genai-perf-concurrency16.json"))
        #expect(runs.count == 1)
        let run = runs[0]
        #expect(run.load == .requests(.closed(users: 16, thinkSeconds: 0), count: 320))
        #expect(run.measured[.init(.mean, .ttft)] == 62)
        #expect(run.measured[.init(.median, .tpot)] == 12.3)
        #expect(run.measured[.init(.p99, .e2e)] == 1810)
        #expect(run.measured.count == 12)
        #expect(run.lengths == .independent(prompt: .fixed(1000), output: .quantiles([(0, 96), (0.01, 100), (0.05, 110), (0.1, 118), (0.25, 125), (0.5, 128),
                                                                                      (0.75, 131), (0.9, 138), (0.95, 142), (0.99, 150), (1, 160)])))
        #expect(run.deployment.model == "meta-llama/Llama-3.1-8B-Instruct")
    }

    @Test func readsAVLLMResultWithEveryFigureItHas() throws {
        let run = try BenchmarkFile.runs(path: Repository.fixture("vllm-serving-a100-rate4.json"))[0]
        #expect(run.load == .requests(.poisson(rate: 4), count: 1200))
        #expect(run.measured == [.init(.median, .ttft): 100.48, .init(.median, .tpot): 14.14])
        #expect(run.deployment.model == "meta-llama/Llama-3.1-8B-Instruct")
        #expect(run.checksum.count == 64)
    }

    /// Writes `text` as a file and returns the error reading it gives.
    static func error(reading text: String) throws -> InputError {
        let path = TemporaryFiles.folder().appendingPathComponent("run.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try BenchmarkFile.runs(path: path) } catch { return error }
        Issue.record("no error for \(text)")
        return InputError(source: "", "")
    }

    /// The fixture `name` with `edit` applied to its JSON object.
    static func edited(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repository.fixture(name)))) as! [String: Any]
        edit(&object)
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func badFilesNameTheKeyAndWhatWasExpected() throws {
        let sweep = try Self.error(reading: Self.edited("guidellm-sweep.json") { o in
            var benchmarks = o["benchmarks"] as! [[String: Any]]
            benchmarks[0]["config"] = ["strategy": ["type_": "sweep"]]
            o["benchmarks"] = benchmarks
        })
        #expect(sweep.field == "benchmarks[0].config.strategy.type_")
        #expect(sweep.message.contains("synchronous, concurrent, throughput, constant or poisson"))
        func ttft(_ value: [String: Any]) throws -> InputError {
            try Self.error(reading: Self.edited("genai-perf-concurrency16.json") { $0["time_to_first_token"] = value })
        }
        let unit = try ttft(["unit": "furlongs", "avg": 62])
        #expect(unit.field == "time_to_first_token.unit")
        let negative = try ttft(["unit": "ms", "avg": -62])
        #expect(negative.field == "time_to_first_token.avg")
        #expect(negative.message.contains("out of range"))
        let boolean = try ttft(["unit": "ms", "avg": true])
        #expect(boolean.message.contains("not a number"))
        let noLoad = try Self.error(reading: Self.edited("genai-perf-concurrency16.json") { $0["input_config"] = ["model": "m"] })
        #expect(noLoad.message.contains("neither a concurrency nor a request rate"))
        let other = try Self.error(reading: "{\"hello\": 1}")
        #expect(other.message.contains("vLLM's --save-result JSON") && other.message.contains("GuideLLM") && other.message.contains("genai-perf"))
        let notJSON = try Self.error(reading: "rate,ttft\n1,2\n")
        #expect(notJSON.message.contains("not valid JSON"))
    }
}
