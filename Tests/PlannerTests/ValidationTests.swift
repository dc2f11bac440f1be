import Foundation
import Testing
import PlannerTestSupport
import Profiling
@testable import PlannerKit

@Suite struct ValidationTests {
    static let fixture = Repository.fixture("vllm-serving-a100-rate4.json")

    static func write(_ json: String) -> String { TemporaryFiles.write(json, name: "result.json") }

    @Test func readsAVLLMResultWithPerRequestLengths() throws {
        let m = try VLLMBenchmarkResult.load(path: Self.fixture, fallback: nil)
        #expect(m.arrivals == .poisson(rate: 4) && m.requests == 1200)
        #expect(m.medianTTFTMs == 100.48 && m.medianTPOTMs == 14.14)
        #expect(m.p99TTFTMs == nil)
        #expect(m.lengthsMeasured)
        guard case .empirical(let pairs, _) = m.lengths else { Issue.record("lengths should be the file's pairs"); return }
        #expect(pairs.count == 40)
    }

    /// The replay's error is (simulated − measured) / measured, and a simulated
    /// TPOT can be no faster than the profile's batch-1 iteration.
    @Test func replayComparesMediansOnTheProfile() throws {
        let profile = try TestProfiles.bundled("a100-80gb-llama-3.1-8b-tp1.csv")
        var m = try VLLMBenchmarkResult.load(path: Self.fixture, fallback: nil)
        m.requests = 400
        let report = try ServingReplay(profile: profile).replay(m)
        #expect(report.comparisons.map(\.metric) == ["median TTFT", "median TPOT"])
        for c in report.comparisons {
            let simulated = try #require(c.simulatedMs)
            #expect(abs(c.error! - (simulated - c.measuredMs) / c.measuredMs) < 1e-12)
        }
        #expect(report.comparisons[1].simulatedMs! >= profile.table.minimumIterationMs)
    }

    @Test(arguments: [
        ("{\"request_rate\": 4, \"completed\": 10, \"median_ttft_ms\": 1}", ["median_tpot_ms", "missing"]),
        ("{\"request_rate\": 4, \"max_concurrency\": 5, \"completed\": 10, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1}", ["max_concurrency", "--max-concurrency"]),
        ("{\"request_rate\": \"inf\", \"max_concurrency\": 2.5, \"completed\": 10, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1}", ["max_concurrency", "whole"]),
        ("{\"request_rate\": -1, \"completed\": 10, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1}", ["request_rate", "positive"]),
        ("{\"request_rate\": 4, \"completed\": 2.5, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1}", ["completed", "whole"]),
        ("{\"request_rate\": 4, \"completed\": 10, \"median_ttft_ms\": \"fast\", \"median_tpot_ms\": 1}", ["median_ttft_ms", "not a number"]),
        ("{\"request_rate\": 4, \"completed\": 10, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1, \"input_lens\": [1, 2], \"output_lens\": [3]}", ["output_lens", "same"]),
        ("{\"request_rate\": 4, \"completed\": 10, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1, \"input_lens\": [1, 0], \"output_lens\": [3, 4]}", ["input_lens[1]", "whole token"]),
        ("{\"request_rate\": 4, \"completed\": 10, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1, \"input_lens\": [5]}", ["only one of"]),
        ("{\"request_rate\": 4, \"completed\": 10, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1}", ["input_lens", "--workload"]),
        ("[1, 2]", ["JSON object"]),
        ("{\"request_rate\": 4,", ["not valid JSON"]),
    ])
    func malformedResultsGetAClearError(json: String, words: [String]) {
        let path = Self.write(json)
        do {
            _ = try VLLMBenchmarkResult.load(path: path, fallback: nil)
            Issue.record("accepted: \(json)")
        } catch {
            let text = error.description
            #expect(text.contains("result.json"), "the error names the file: \(text)")
            for word in words { #expect(text.contains(word), "'\(word)' missing from: \(text)") }
        }
    }

    static let manifest = Repository.path("workloads/validation/scenarios.yaml")

    /// Leave one GPU out on the static batches: a fit on the other GPU's runs
    /// only predicts the held-out GPU within 11 % (median; measured 10.3 %
    /// for A100-40GB and 6.9 % for GH200), and the held-out fit never sees
    /// the held-out runs: multiplying their measured latency by 10 leaves its
    /// predictions where they were.
    @Test(.enabled(if: SharedData.available, "needs ../shared/data/measured/argonne"))
    func staticBatchesHeldOutByGPU() throws {
        let corpus = try StaticBatchCorpus.load(path: SharedData.path("measured/argonne/static-batch-latency.csv"))
        let runs = KernelFit.usable(corpus.runs).runs.filter { LatencyValidation.fittedGPUs.contains($0.gpu) }
        #expect(runs.count > 500)
        var fit = KernelFit()
        fit.evaluations = 1500
        let gh200 = runs.filter { $0.gpu == "GH200" }, others = runs.filter { $0.gpu != "GH200" }
        let fitted = fit.fit(others)
        let errors = KernelFit.errors(gh200, fitted).map(abs).sorted()
        #expect(errors[errors.count / 2] < 0.11, "GH200 held out: median \(errors[errors.count / 2])")
        let poisoned = gh200.map { var r = $0; r.latencyMs *= 10; return r }
        let before = KernelFit.errors(gh200, fitted), after = KernelFit.errors(poisoned, fitted)
        for (x, y) in zip(before, after) { #expect(abs((1 + x) - 10 * (1 + y)) < 1e-9) }
    }

    @Test func manifestErrorsNameTheKey() throws {
        func error(_ yaml: String) throws -> InputError {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID()).yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do { _ = try ValidationManifest.load(path: path) } catch { return error }
            Issue.record("accepted: \(yaml)")
            return InputError(source: "", "")
        }
        let profile = FileManager.default.currentDirectoryPath + "/workloads/profiles/h200-llama-3.1-8b-tp1.csv"
        let base = "scenarios:\n  - {name: x, sample: validation, profile: \(profile), engine: none, batch: {size: 8, prompt: 32, output: 128}, measured: {mean_batch_latency_ms: 800}}\n"
        _ = try ValidationManifest.load(path: { let p = FileManager.default.temporaryDirectory.appendingPathComponent("ok-\(UUID()).yaml").path; try base.write(toFile: p, atomically: true, encoding: .utf8); return p }())
        #expect(try error(base.replacingOccurrences(of: "sample: validation", with: "sample: both")).field == "scenarios[0].sample")
        #expect(try error(base.replacingOccurrences(of: "engine: none", with: "engine: trt")).message.contains("vllm-0.6"))
        #expect(try error(base.replacingOccurrences(of: "batch:", with: "batches:")).message.contains("did you mean 'batch'"))
        #expect(try error(base.replacingOccurrences(of: "800", with: "-3")).field == "scenarios[0].measured.mean_batch_latency_ms")
        #expect(try error(base.replacingOccurrences(of: "{mean_batch_latency_ms: 800}", with: "{}")).message.contains("give 'file'"))
        #expect(try error(base.replacingOccurrences(of: "batch: {size: 8, prompt: 32, output: 128}, ", with: "")).message.contains("exactly one"))
        if SharedData.available {
            let csv = SharedData.path("measured/batch-latency.csv")
            let none = try error(base.replacingOccurrences(of: "{mean_batch_latency_ms: 800}", with: "{file: \(csv), where: {gpu: V100}}"))
            #expect(none.message.contains("0 rows") && none.message.contains("gpu = V100"))
        }
    }

    /// Two requests of 10 prompt and 3 output tokens arriving a microsecond apart on
    /// t = 5 + 0.01·b ms: the first starts alone (10 tokens, 5.1 ms); then its decode
    /// and the second's prefill (11, 5.11 ms); two decodes (5.02 ms, the first ends);
    /// one decode (5.01 ms). 20.24 ms, plus the first arrival's few microseconds.
    /// With 1 ms per running request the four iterations run 1, 2, 2 and 1
    /// requests: 6 ms more; with 0.5 ms per iteration, 2 ms more.
    @Test func batchLatencyByHand() throws {
        var replay = ServingReplay(profile: try TestProfiles.affine())
        let latency = try replay.batchLatency(batch: 2, prompt: 10, output: 3)
        #expect(abs(latency.ms - 20.24) < 0.02 && latency.unfinished == 0, "\(latency)")
        replay.settings.sequenceOverheadMs = 1
        #expect(abs(try replay.batchLatency(batch: 2, prompt: 10, output: 3).ms - 26.24) < 0.02)
        replay.settings.iterationOverheadMs = 0.5
        #expect(abs(try replay.batchLatency(batch: 2, prompt: 10, output: 3).ms - 28.24) < 0.02)
    }

    /// Two requests of 7,600 output tokens at about 500 ms a token need 3,800 s,
    /// past the replay's hour of drain after the last arrival: the run did not
    /// finish, and the report says so instead of the finished requests' (or
    /// the horizon's) figures. A batch, a closed loop, runs to its end.
    @Test func aReplayPastTheHorizonDidNotFinish() throws {
        let replay = ServingReplay(profile: try TestProfiles.affine(floor: 500))
        let long = LengthModel.independent(prompt: .fixed(10), output: .fixed(7_600))
        let run = MeasuredServing(name: "long", source: "hand", arrivals: .poisson(rate: 1), requests: 2, lengths: long, lengthsMeasured: true,
                                  medianTTFTMs: 10, medianTPOTMs: 5, p99TTFTMs: nil, p99TPOTMs: nil)
        let report = try replay.replay(run)
        #expect(report.comparisons.count == 2)
        for c in report.comparisons {
            #expect(c.unfinished == 2 && c.simulatedMs == nil && c.error == nil && c.simulatedText.contains("did not finish"), "\(c)")
        }
        // The prompt and first token in 500.1 ms, then 7,599 decodes of 500.01 ms: 3,800.08 s.
        let batch = try replay.batchLatency(batch: 1, prompt: 10, output: 7_600)
        #expect(batch.unfinished == 0 && abs(batch.ms / 1000 - 3800.08) < 0.1, "\(batch)")
    }

    /// A per-request engine overhead shifts every request's arrival at the engine by
    /// the same amount, so it adds that much to the TTFTs (to the latency
    /// sketch's 0.1 % resolution) and leaves TPOT alone.
    @Test func requestOverheadShiftsTTFTOnly() throws {
        var replay = ServingReplay(profile: try TestProfiles.bundled("a100-80gb-llama-3.1-8b-tp1.csv"))
        var m = try VLLMBenchmarkResult.load(path: Self.fixture, fallback: nil)
        m.requests = 300
        replay.settings.requestOverheadMs = 0
        let plain = try replay.replay(m)
        replay.settings.requestOverheadMs = 68
        let shifted = try replay.replay(m)
        let ttft = try #require(shifted.comparisons[0].simulatedMs)
        #expect(abs(ttft - plain.comparisons[0].simulatedMs! - 68) < 0.001 * ttft)
        #expect(shifted.comparisons[1].simulatedMs == plain.comparisons[1].simulatedMs)
    }
}
