import Foundation
import Testing
import PlannerTestSupport
@testable import Profiling

/// Expert parallelism and data-parallel attention in the roofline, checked
/// against counts done by hand from the bundled configs.
@Suite struct ParallelLayoutTests {
    static let h200 = GPUSpec.named("H200")!

    /// The busiest of G balanced binomial counts: the mean plus σ·√(2 ln G).
    @Test func theBusiestGPUIsTheMeanPlusAGaussianMaximum() {
        #expect(ParallelLayout.expectedMaximum(mean: 3, variance: 2, groups: 1) == 3)
        // One token, 8 of 256 experts, 8 GPUs of 32: 1 expert a GPU on average, variance 32·(1/32)(31/32).
        let busiest = ParallelLayout.expectedMaximum(mean: 1, variance: 31.0 / 32, groups: 8)
        #expect(abs(busiest - (1 + (31.0 / 32).squareRoot() * (2 * log(8.0)).squareRoot())) < 1e-12)
        #expect(abs(busiest - 3.0072) < 1e-4)
    }

    /// With neither option the layout path is the tensor-parallel roofline, term for term.
    @Test func tensorParallelismIsTheLayoutPathWithBothOptionsOff() throws {
        for (folder, tp) in [("qwen3-30b-a3b", 4), ("deepseek-v3", 8), ("llama-3.1-8b", 2)] {
            let m = try ModelConfigTests.model(folder)
            let r = RooflineModel(model: m, gpu: Self.h200, tensorParallel: tp)
            for (b, k) in [(1.0, 0.0), (64, 200_000), (4096, 1_000_000)] {
                let direct = r.iterationMs(tokenBatch: b, kvTokens: k, prefillPairs: 5e6)
                let layout = r.layoutIterationMs(tokenBatch: b, kvTokens: k, prefillPairs: 5e6)
                #expect(abs(layout / direct - 1) < 1e-12, "\(folder) tp \(tp) b \(b): \(layout) vs \(direct)")
            }
        }
    }

    /// DeepSeek-V3 (61 layers, 3 dense, 58 MoE) on 8 GPUs: how many collectives each layout runs.
    @Test func collectivesPerIterationByHand() throws {
        let m = try ModelConfigTests.model("deepseek-v3")
        let count = { (layout: ParallelLayout) in RooflineModel(model: m, gpu: Self.h200, tensorParallel: 8, layout: layout).collectives }
        #expect(count(.tensor) == (122, 0))  // two all-reduces a layer
        // Tensor-parallel attention leaves every token on every GPU: the experts' outputs are summed by an all-reduce.
        #expect(count(.init(expertParallel: true)) == (122, 0))
        // Each GPU holds its own requests: dispatch and combine in the 58 MoE layers, all-gather and reduce-scatter around the 3 dense MLPs.
        #expect(count(.init(dataParallelAttention: true, expertParallel: true)) == (3, 116))
        #expect(count(.init(dataParallelAttention: true)) == (61, 0))  // all-gather and reduce-scatter around every MLP
        #expect(RooflineModel(model: m, gpu: Self.h200, tensorParallel: 1).collectives == (0, 0))
    }

    /// Expert parallelism reads, at a large batch, what tensor parallelism reads
    /// (every expert reached: E / G whole experts a GPU); at one token the busiest GPU reads more.
    @Test func expertParallelReadsTheBusiestGPUsExperts() throws {
        let m = try ModelConfigTests.model("qwen3-30b-a3b")  // 128 experts, 8 a token
        let ep = RooflineModel(model: m, gpu: Self.h200, tensorParallel: 4, layout: .init(expertParallel: true))
        #expect(ep.busiestDistinctExperts(tokenBatch: 16_384) == 32)
        // One token: each of a GPU's 32 experts reached with probability 8/128.
        let q = 8.0 / 128
        #expect(abs(ep.busiestDistinctExperts(tokenBatch: 1) - (32 * q + (32 * q * (1 - q)).squareRoot() * (2 * log(4.0)).squareRoot())) < 1e-9)
        // 1,000 tokens: 8,000 assignments over 4 GPUs, 2,000 each, σ = √(8000·¼·¾).
        #expect(abs(ep.busiestExpertTokens(tokenBatch: 1000) - (2000 + 1500.0.squareRoot() * (2 * log(4.0)).squareRoot())) < 1e-9)
        let tp = RooflineModel(model: m, gpu: Self.h200, tensorParallel: 4)
        #expect(ep.iterationMs(tokenBatch: 1, kvTokens: 0) > tp.iterationMs(tokenBatch: 1, kvTokens: 0), "the busiest GPU's experts at one token")
        // All-to-all of 1,000 tokens on 4 GPUs: 250 tokens · 8 experts · ¾ away · 2048 hidden · 2 bytes over the link.
        let bytes = 250.0 * 8 * 0.75 * 2048 * 2
        let p = ep.parameters
        #expect(abs(ep.allToAllMs(tokenBatch: 1000) - (p.allReduceLatencyMs + bytes / (450e9 * p.interconnectEfficiency) * 1e3)) < 1e-12)
    }

    /// Data-parallel attention keeps one copy of DeepSeek-V3's latent (not 8) and 8 copies of its attention weights.
    @Test func dataParallelAttentionTradesAttentionWeightsForKVCapacity() throws {
        var m = try ModelConfigTests.model("deepseek-v3")
        m.precision = Precision(weights: .fp8, kvCache: .fp8)
        let attention = 187_105_280.0  // a layer, hand-counted in ModelConfigTests
        let dp = RooflineModel(model: m, gpu: Self.h200, tensorParallel: 8, layout: .init(dataParallelAttention: true, expertParallel: true))
        #expect(dp.kvCopies == 1)
        #expect(dp.instanceWeightBytes == m.weightBytes + 7 * 61 * attention)
        #expect(dp.kvCapacityTokens() == Int((141e9 * 8 * 0.9 - m.weightBytes - 7 * 61 * attention) / (61 * 576)))
        let tp = RooflineModel(model: m, gpu: Self.h200, tensorParallel: 8)
        #expect(Double(dp.kvCapacityTokens()) > 6 * Double(tp.kvCapacityTokens()))
    }

    @Test func layoutsThatCannotRunAreRefusedByName() throws {
        let dense = try ModelConfigTests.model("llama-3.1-8b")
        let moe = try ModelConfigTests.model("qwen3-30b-a3b")
        func refusal(_ m: ModelArchitecture, tp: Int, _ layout: ParallelLayout) -> String {
            do { _ = try RooflineGenerator.profile(model: m, gpu: Self.h200, tensorParallel: tp, layout: layout); return "accepted" } catch { return "\(error)" }
        }
        #expect(refusal(dense, tp: 2, .init(expertParallel: true)).contains("dense model"))
        #expect(refusal(moe, tp: 3, .init(expertParallel: true)).contains("128 experts"))
        #expect(refusal(moe, tp: 1, .init(dataParallelAttention: true)).contains("--tp 2 or more"))
        // Data-parallel attention needs no head split: 6 GPUs for 32 heads go.
        #expect(refusal(moe, tp: 2, .init(dataParallelAttention: true, expertParallel: true)) == "accepted")
        #expect(!ServingEngine.vllm06.runs(.init(expertParallel: true)) && ServingEngine.vllm015.runs(.init(dataParallelAttention: true, expertParallel: true)))
    }

    @Test func aProfileRecordsItsLayoutAndReadsItBack() throws {
        var m = try ModelConfigTests.model("qwen3-30b-a3b")
        m.precision = Precision(weights: .fp8, kvCache: .fp8)
        let layout = ParallelLayout(dataParallelAttention: true, expertParallel: true)
        let p = try RooflineGenerator.profile(model: m, gpu: Self.h200, tensorParallel: 4, layout: layout)
        #expect(p.metadata.name.hasSuffix("-dp4-ep-fp8") && p.metadata.serverType == "H200 DP4 EP fp8")
        let text = ProfileFormat.encode(p)
        #expect(text.contains("# parallelism: attention data-parallel, experts expert-parallel\n"))
        let back = try ProfileFormat.decode(text, source: "p.csv")
        #expect(back.metadata.layout == layout && ProfileFormat.encode(back) == text)
        #expect(ParallelLayout(recorded: "attention data-parallel, experts tensor-parallel") == .init(dataParallelAttention: true))
        #expect(ParallelLayout(recorded: "attention expert-parallel, experts tensor-parallel") == nil)
    }
}
