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

    /// Out of sample (nothing is fitted to these rows): on the published A100 medians
    /// the roofline profile plus the simulator puts median TPOT within 10 % of vLLM's,
    /// and median TTFT between the two engines' (SGLang's is 3× faster than vLLM's).
    @Test(.enabled(if: SharedData.available, "needs ../shared/data/measured"))
    func publishedServingMediansReplayWithinTheEngines() throws {
        let scenarios = try PublishedServing.load(path: SharedData.path("measured/serving-medians.csv"))
        #expect(scenarios.count == 2)
        let profile = try ProfileFormat.read(path: "workloads/profiles/a100-80gb-llama-3.1-8b-tp1.csv")
        for s in scenarios {
            #expect(s.gpu == profile.metadata.gpu && s.model == profile.metadata.model)
            #expect(s.serving.otherEngine != nil, "each vLLM row has its SGLang twin")
            let report = try ServingReplay(profile: profile).replay(s.serving)
            let ttft = report.comparisons[0], tpot = report.comparisons[1]
            #expect(abs(tpot.error!) < 0.10, "\(s.serving.name): median TPOT \(tpot.simulatedMs!) ms against \(tpot.measuredMs)")
            #expect(ttft.withinEngines == true, "\(s.serving.name): median TTFT \(ttft.simulatedMs!) ms outside \(ttft.otherEngineMs!)-\(ttft.measuredMs)")
        }
    }

    /// Two requests of 10 prompt and 3 output tokens arriving a microsecond apart on
    /// t = 5 + 0.01·b ms: the first starts alone (10 tokens, 5.1 ms); then its decode
    /// and the second's prefill (11, 5.11 ms); two decodes (5.02 ms, the first ends);
    /// one decode (5.01 ms). 20.24 ms, plus the first arrival's few microseconds.
    @Test func batchLatencyByHand() throws {
        let replay = ServingReplay(profile: try PolyServeRuleTests.profile())
        let ms = try replay.batchLatencyMs(batch: 2, prompt: 10, output: 3)
        #expect(abs(ms - 20.24) < 0.02, "\(ms) ms")
    }

    /// Out of sample: vLLM's nightly batch latency (8 × 32/128, Llama-3.1-8B) on
    /// A100, H100 and H200 within 15 % (today +13 %, +7 %, −10 %).
    @Test(.enabled(if: SharedData.available, "needs ../shared/data/measured"))
    func publishedBatchLatenciesWithinFifteenPercent() throws {
        let rows = try PublishedBatchLatency.load(path: SharedData.path("measured/batch-latency.csv"))
        #expect(rows.count == 3)
        let files = ["A100-80GB": "a100-80gb", "H100-SXM": "h100-sxm", "H200": "h200"]
        for row in rows {
            let name = try #require(files[row.gpu], "no bundled profile for \(row.gpu)")
            let profile = try ProfileFormat.read(path: "workloads/profiles/\(name)-llama-3.1-8b-tp1.csv")
            let report = try ServingReplay(profile: profile).replay(row, source: "batch-latency.csv")
            #expect(abs(report.comparisons[0].error!) < 0.15, "\(row.gpu): \(report.comparisons[0].simulatedMs!) ms against \(row.latencyMs)")
        }
    }

    /// A per-request engine overhead shifts every request's arrival at the engine by
    /// the same amount, so it adds exactly that much to the TTFTs and leaves TPOT alone.
    @Test func requestOverheadShiftsTTFTOnly() throws {
        var replay = ServingReplay(profile: try ProfileFormat.read(path: "workloads/profiles/a100-80gb-llama-3.1-8b-tp1.csv"))
        var m = try VLLMBenchmarkResult.load(path: Self.fixture, fallback: nil)
        m.requests = 300
        let plain = try replay.replay(m)
        replay.requestOverheadMs = 68
        let shifted = try replay.replay(m)
        #expect(abs(shifted.comparisons[0].simulatedMs! - plain.comparisons[0].simulatedMs! - 68) < 1e-9)
        #expect(shifted.comparisons[1].simulatedMs == plain.comparisons[1].simulatedMs)
    }
}
