import Foundation
import Testing
import PlannerTestSupport
@testable import Profiling

/// The bundled model configs (workloads/models/) read into the shapes the
/// roofline counts, checked against sums done by hand from the configs' numbers.
@Suite struct ModelConfigTests {
    static func model(_ folder: String) throws -> ModelArchitecture {
        try ModelArchitecture.huggingFaceConfig(path: Repository.path("workloads/models/\(folder)/config.json")).model
    }

    /// Llama-3.1-8B: attention 4096·4096 (Q) + 2·4096·1024 (K, V) + 4096·4096 (O) = 41,943,040 a layer;
    /// MLP 3·4096·14336 = 176,160,768; 32 layers; embeddings and LM head 2·128,256·4096.
    @Test func denseWeightAndKVBytesByHand() throws {
        var m = try Self.model("llama-3.1-8b")
        #expect(m.attentionParametersPerLayer == 41_943_040 && m.mlpParametersPerExpert == 176_160_768)
        let total = 32.0 * (41_943_040 + 176_160_768) + 2 * 128_256 * 4096
        #expect(m.totalParameters == total)  // 8,030,261,248: the published "8B"
        #expect(m.weightBytes == total * 2 && m.kvBytesPerToken == 2 * 32 * 8 * 128 * 2)  // 131,072 bytes a token in bf16
        m.precision = Precision(weights: .fp8, kvCache: .fp8)
        #expect(m.weightBytes == total && m.kvBytesPerToken == 65_536)
        m.precision = Precision(weights: .fp4, kvCache: .fp8)
        #expect(m.weightBytes == total / 2)
    }

    /// Qwen3-30B-A3B (FP8 checkpoint): 48 MoE layers of 128 experts of 3·2048·768, 8 routed a token.
    @Test func mixtureOfExpertsBytesAndDistinctExpertsByHand() throws {
        let m = try Self.model("qwen3-30b-a3b")
        #expect(m.precision.weights == .fp8, "the config's quantization_config says fp8")
        #expect(m.experts == 128 && m.expertsPerToken == 8 && m.mlpParametersPerExpert == 3 * 2048 * 768)
        let attention: Double = 8_388_608 + 2_097_152 + 8_388_608  // Q 2048·32·128, K and V 2·2048·4·128, O 32·128·2048
        #expect(m.attentionParametersPerLayer == attention)
        let expert = 3.0 * 2048 * 768
        let embeddings: Double = 2 * 151_936 * 2048
        #expect(m.totalParameters == 48 * (attention + 128 * expert) + embeddings)  // 30.5 B
        #expect(m.activeBlockParameters == 48 * (attention + 8 * expert))
        #expect(m.kvBytesPerToken == 2 * 48 * 4 * 128 * 2)  // bf16 KV unless asked
        // One token reaches its 8 experts; a batch of thousands reaches nearly all 128.
        #expect(abs(m.distinctExperts(tokens: 1) - 8) < 1e-9)
        #expect(abs(m.distinctExperts(tokens: 2) - 128 * (1 - pow(120.0 / 128, 2))) < 1e-9)  // 15.5
        #expect(m.distinctExperts(tokens: 4096) > 127.99)
        let lmHead: Double = 151_936 * 2048
        #expect(m.weightReadBytes(tokens: 1) == 48 * (attention + 8 * expert) + lmHead)  // one byte a weight in fp8
    }

    /// DeepSeek-V3: latent attention caches 512 + 64 elements a layer and token; 3 dense layers
    /// (MLP 3·7168·18432), 58 MoE layers of 256 routed experts (3·7168·2048) and one shared.
    @Test func latentAttentionAndDenseThenMoELayoutByHand() throws {
        let m = try Self.model("deepseek-v3")
        #expect(m.latentAttention == .init(queryRank: 1536, kvRank: 512, noPositionHeadDim: 128, rotaryHeadDim: 64, valueHeadDim: 128))
        #expect(m.denseLayers == 3 && m.moeLayers == 58 && m.sharedExpertIntermediateSize == 2048)
        #expect(m.kvBytesPerToken == 61 * 576 * 2)  // 70,272 bytes in bf16: a 57th of full multi-head K and V
        // Q down 7168·1536 + Q up 1536·128·192 + KV down 7168·576 + KV up 512·128·256 + O 128·128·7168.
        let qDown: Double = 11_010_048, qUp: Double = 37_748_736, kvDown: Double = 4_128_768, kvUp: Double = 16_777_216, o: Double = 117_440_512
        let attention = qDown + qUp + kvDown + kvUp + o  // 187,105,280
        #expect(m.attentionParametersPerLayer == attention)
        let expert = 3.0 * 7168 * 2048
        let dense: Double = 3 * 7168 * 18432
        let blocks: Double = 61 * attention + 3 * dense + 58 * (257 * expert)
        #expect(m.blockParameters == blocks)
        #expect(abs(m.totalParameters / 671e9 - 1) < 0.01, "the published 671 B (without the MTP layer): \(m.totalParameters)")
        #expect(abs(m.activeBlockParameters + 2 * 129_280 * 7168 - 37e9) / 37e9 < 0.02, "the published 37 B active")
        // Every rank of a tensor-parallel group keeps the whole latent.
        var fp8 = m
        fp8.precision = Precision(weights: .fp8, kvCache: .fp8)
        let r = RooflineModel(model: fp8, gpu: try #require(GPUSpec.named("H200")), tensorParallel: 8)
        #expect(r.kvCopies == 8)
        #expect(r.kvCapacityTokens() == Int((141e9 * 8 * 0.9 - fp8.weightBytes) / (61 * 576 * 8)))
    }

    /// Llama 4 keeps its language model under `text_config`: Maverick routes every second layer
    /// (128 experts of 3·5120·8192, top 1, one shared expert) and runs dense MLPs of 3·5120·16384 in the others.
    @Test func llama4InterleavedLayersByHand() throws {
        let maverick = try Self.model("llama-4-maverick")
        #expect(maverick.denseLayers == 24 && maverick.moeLayers == 24 && maverick.denseIntermediateSize == 16384)
        #expect(maverick.sharedExpertIntermediateSize == 8192 && maverick.experts == 128 && maverick.expertsPerToken == 1)
        let attention: Double = 26_214_400 + 10_485_760 + 26_214_400  // Q 5120·40·128, K and V 2·5120·8·128, O 40·128·5120
        let expert: Double = 125_829_120, dense: Double = 251_658_240, embeddings: Double = 2 * 202_048 * 5120
        #expect(maverick.attentionParametersPerLayer == attention)
        #expect(maverick.totalParameters == 48 * attention + 24 * dense + 24 * 129 * expert + embeddings)
        #expect(abs(maverick.totalParameters / 400e9 - 1) < 0.01, "the published 400 B")
        let active = maverick.activeBlockParameters + embeddings
        #expect(abs(active / 17e9 - 1) < 0.02, "the published 17 B active: \(active)")
        let scout = try Self.model("llama-4-scout")
        #expect(scout.denseLayers == 0 && scout.moeLayers == 48 && scout.experts == 16)
        #expect(scout.totalParameters == 48 * (attention + 17 * expert) + embeddings)  // 107.8 B of the published 109 B (the rest is vision)
    }

    /// gpt-oss-120b: MXFP4 weights, half its layers a 128-token sliding window whose KV is bounded.
    @Test func slidingWindowLayersHoldNoPerTokenKV() throws {
        let m = try Self.model("gpt-oss-120b")
        #expect(m.precision.weights == .fp4 && m.slidingWindow == 128 && m.slidingWindowLayers == 18)
        #expect(m.kvBytesPerToken == 18 * 2 * 8 * 64 * 2)
        #expect(m.expertsPerToken == 4 && m.experts == 128)
    }

    /// Fewer KV heads than ranks: each head is kept on tp / kvHeads ranks (Qwen3's 4 KV heads at TP 8: two copies).
    @Test func kvHeadsFewerThanRanksAreCopied() throws {
        let m = try Self.model("qwen3-235b-a22b")
        let h200 = try #require(GPUSpec.named("H200"))
        #expect(RooflineModel(model: m, gpu: h200, tensorParallel: 8).kvCopies == 2)
        #expect(RooflineModel(model: m, gpu: h200, tensorParallel: 4).kvCopies == 1)
        #expect(throws: InputError.self) { try RooflineGenerator.profile(model: m, gpu: h200, tensorParallel: 3) }
    }

    /// FP8 GEMMs run at the FP8 peak where the tensor cores have it, and weight-only (bf16 compute) where not.
    @Test func gemmPeakFollowsTheGPU() throws {
        let fp8 = Precision(weights: .fp8, kvCache: .bf16)
        #expect(fp8.gemmPeak(on: try #require(GPUSpec.named("H100-SXM"))) == (.fp8, 1979e12))
        #expect(fp8.gemmPeak(on: try #require(GPUSpec.named("A100-80GB"))) == (.bf16, 312e12))
        #expect(Precision(weights: .fp4).gemmPeak(on: try #require(GPUSpec.named("B200"))) == (.fp4, 9000e12))
        #expect(Precision(weights: .int4).gemmPeak(on: try #require(GPUSpec.named("H200"))) == (.bf16, 989e12))
        #expect(Precision(recorded: "weights fp8, kv fp8") == Precision(weights: .fp8, kvCache: .fp8))
        #expect(Precision(recorded: "weights fp8, kv fp4") == nil && Precision(recorded: "fp8") == nil)
    }

    /// Every bundled config generates an FP8 profile on 8 × H200, except Kimi-K2, whose 1 TB of FP8
    /// weights leave no KV cache there (it fits 8 × B200).
    @Test func everyBundledConfigGeneratesAnFP8Profile() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Repository.path("workloads/models")).sorted()
        #expect(folders.count >= 10)
        for folder in folders {
            var m = try Self.model(folder)
            m.precision = Precision(weights: .fp8, kvCache: .fp8)
            let gpu = try #require(GPUSpec.named(folder == "kimi-k2" ? "B200" : "H200"))
            let p = try RooflineGenerator.profile(model: m, gpu: gpu, tensorParallel: 8)
            #expect(p.metadata.precision == m.precision && p.metadata.kvCapacityTokens > 100_000, "\(folder)")
            #expect(p.decodeIterationMs(tokenBatch: 1, kvTokens: 0) > 0.1, "\(folder)")
        }
    }
}
