import Foundation
import Testing
import Profiling
@testable import PlannerKit

@Suite struct ValidationTests {
    static let fixture = "Tests/Fixtures/vllm-serving-a100-rate4.json"

    static func write(_ json: String) -> String { WorkloadFixtures.write(json, name: "result.json") }

    @Test func readsAVLLMResultWithPerRequestLengths() throws {
        let m = try VLLMBenchmarkResult.load(path: Self.fixture, fallback: nil)
        #expect(m.requestRate == 4 && m.requests == 1200)
        #expect(m.medianTTFTMs == 100.48 && m.medianTPOTMs == 14.14)
        #expect(m.p99TTFTMs == nil)
        #expect(m.lengthsMeasured)
        guard case .empirical(let pairs, _) = m.lengths else { Issue.record("lengths should be the file's pairs"); return }
        #expect(pairs.count == 40)
    }

    /// The replay's error is (simulated − measured) / measured, and a simulated
    /// TPOT can be no faster than the profile's batch-1 iteration.
    @Test func replayComparesMediansOnTheProfile() throws {
        let profile = try ProfileFormat.read(path: "workloads/profiles/a100-80gb-llama-3.1-8b-tp1.csv")
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
        ("{\"request_rate\": \"inf\", \"completed\": 10, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1}", ["request_rate", "--request-rate"]),
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

    static let manifest = "workloads/validation/scenarios.yaml"

    /// The bundled manifest: four serving scenarios (two engines × two rates)
    /// and three batch latencies, replayed under their engine's fitted
    /// overheads. Four are in the calibration set (vLLM at both rates, SGLang
    /// at 4 req/s, the H100 batch); SGLang at 8 req/s and the A100 and H200
    /// batches were kept out of every fit. Every median TTFT, median TPOT and
    /// batch latency is within 10 % of the measured figure (measured: at most
    /// 9.3 %, SGLang's TTFT at 8 req/s), in sample or out.
    @Test(.enabled(if: SharedData.available, "needs ../shared/data/measured"))
    func bundledManifestReplaysWithinTargets() throws {
        let scenarios = try ValidationManifest.load(path: Self.manifest).scenarios
        #expect(scenarios.count == 7)
        #expect(scenarios.filter { $0.sample == .calibration }.map(\.name) == [
            "vLLM 0.6 A100 8B ShareGPT 4 req/s", "vLLM 0.6 A100 8B ShareGPT 8 req/s", "SGLang 0.3 A100 8B ShareGPT 4 req/s", "vLLM CI H100 8B batch 8 x 32/128"])
        for s in scenarios {
            let report = try #require(try ServingReplay(profile: try ProfileFormat.read(path: s.profilePath)).replay(s, source: Self.manifest))
            for c in report.comparisons {
                let error = try #require(c.error)
                #expect(abs(error) < 0.10, "\(s.name) (\(s.sample)) \(c.metric): \(c.simulatedMs!) ms against \(c.measuredMs)")
            }
        }
    }

    /// The engine fit sees only calibration scenarios: on a manifest whose
    /// validation scenarios are given absurd measured figures, it finds the
    /// same overheads as on the real one (a reduced grid around them keeps it quick).
    @Test(.enabled(if: SharedData.available, "needs ../shared/data/measured"))
    func engineFitIgnoresValidationScenarios() throws {
        let scenarios = try ValidationManifest.load(path: Self.manifest).scenarios.map { s in (s, try ProfileFormat.read(path: s.profilePath)) }
        var poisoned = scenarios
        for i in poisoned.indices where poisoned[i].0.sample == .validation {
            poisoned[i].0.measured = poisoned[i].0.measured?.mapValues { $0 * 10 }
        }
        let replay = ServingReplay(profile: scenarios[0].1)
        let grid = (iteration: [0.25, 0.5, 0.75], sequence: [0.125, 0.15, 0.175])
        let real = try #require(try EngineFit.fit(scenarios, replay: replay, iterationGrid: grid.iteration, sequenceGrid: grid.sequence))
        let other = try #require(try EngineFit.fit(poisoned, replay: replay, iterationGrid: grid.iteration, sequenceGrid: grid.sequence))
        #expect(real == other)
        // The catalogue holds what the fit finds.
        #expect(real.iterationOverheadMs == ServingEngine.sglang03.iterationOverheadMs)
        #expect(real.sequenceOverheadMs == ServingEngine.sglang03.sequenceOverheadMs)
        #expect(real.requestOverheadMs == ["vllm-0.6": ServingEngine.vllm06.requestOverheadMs, "sglang-0.3": ServingEngine.sglang03.requestOverheadMs])
        #expect(real.calibrationScenarios.count == 4)
    }

    /// Malformed manifests name the key and what was expected.
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
        var replay = ServingReplay(profile: try PolyServeRuleTests.profile())
        let ms = try replay.batchLatencyMs(batch: 2, prompt: 10, output: 3)
        #expect(abs(ms - 20.24) < 0.02, "\(ms) ms")
        replay.sequenceOverheadMs = 1
        #expect(abs(try replay.batchLatencyMs(batch: 2, prompt: 10, output: 3) - 26.24) < 0.02)
        replay.iterationOverheadMs = 0.5
        #expect(abs(try replay.batchLatencyMs(batch: 2, prompt: 10, output: 3) - 28.24) < 0.02)
    }

    /// A per-request engine overhead shifts every request's arrival at the engine by
    /// the same amount, so it adds that much to the TTFTs (to the latency
    /// sketch's 0.1 % resolution) and leaves TPOT alone.
    @Test func requestOverheadShiftsTTFTOnly() throws {
        var replay = ServingReplay(profile: try ProfileFormat.read(path: "workloads/profiles/a100-80gb-llama-3.1-8b-tp1.csv"))
        var m = try VLLMBenchmarkResult.load(path: Self.fixture, fallback: nil)
        m.requests = 300
        replay.requestOverheadMs = 0
        let plain = try replay.replay(m)
        replay.requestOverheadMs = 68
        let shifted = try replay.replay(m)
        let ttft = try #require(shifted.comparisons[0].simulatedMs)
        #expect(abs(ttft - plain.comparisons[0].simulatedMs! - 68) < 0.001 * ttft)
        #expect(shifted.comparisons[1].simulatedMs == plain.comparisons[1].simulatedMs)
    }
}
