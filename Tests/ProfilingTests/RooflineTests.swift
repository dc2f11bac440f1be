import Testing
@testable import Profiling

@Suite struct RooflineTests {
    @Test func architectureCountsMatchPublishedSizes() {
        // Published parameter counts: 8.03 B and 70.6 B; KV bytes per token by hand: 2·32·8·128·2 = 131,072.
        let l8 = ModelArchitecture.named("Llama-3.1-8B")!
        #expect(abs(l8.totalParameters / 1e9 - 8.03) < 0.05)
        #expect(l8.kvBytesPerToken == 131_072)
        #expect(abs(ModelArchitecture.named("llama-3.1-70b")!.totalParameters / 1e9 - 70.6) < 0.3)
        #expect(ModelArchitecture.named("llama2-70b")?.name == "Llama-2-70B")
        #expect(GPUSpec.named("h100-80gb")?.name == "H100-SXM")
    }

    @Test func decodeIsMemoryBoundAtBatchOne() {
        let r = RooflineModel(model: .named("Llama-3.1-8B")!, gpu: .named("H200")!, tensorParallel: 1)
        // 16.06 GB of weights at 60 % of 4.8 TB/s = 5.58 ms, plus 16 GFLOP at 65 % of 989 TFLOP/s = 0.025 ms.
        let expected = 8.03e9 * 2 / (4.8e12 * 0.6) * 1e3
        #expect(abs(r.iterationMs(tokenBatch: 1, kvTokens: 0) - expected) < 0.1)
        #expect(r.iterationMs(tokenBatch: 4096, kvTokens: 0) > r.iterationMs(tokenBatch: 1, kvTokens: 0) * 4, "large batches are compute-bound")
    }

    @Test func generatedProfilesAreMonotone() throws {
        for gpu in GPUSpec.catalogue {
            for (model, tp) in [("Llama-3.1-8B", 1), ("Llama-3.1-70B", 4), ("Llama-2-7B", 1), ("Llama-2-70B", 8)] {
                let p = try RooflineGenerator.profile(model: .named(model)!, gpu: gpu, tensorParallel: tp)
                p.table._checkInvariants()
                #expect(p.table.monotonicityViolations().isEmpty)
                #expect(p.metadata.kvCapacityTokens > 0)
            }
        }
        #expect(throws: InputError.self) { try RooflineGenerator.profile(model: .named("Llama-3.1-70B")!, gpu: .named("L40S")!, tensorParallel: 1) }
    }

    /// Prefill attention by hand: Llama-3.1-8B has 32 layers × 32 heads × 128
    /// dims, so a (query, context) pair costs 4 · 131,072 = 524,288 FLOPs; a
    /// million pairs on one H200 (989 TFLOP/s at efficiency 1.0) take
    /// 5.24288e11 / 9.89e14 s = 0.5301 ms, and half that at TP 2.
    @Test func prefillAttentionCoefficientByHand() throws {
        let model = ModelArchitecture.named("Llama-3.1-8B")!, gpu = GPUSpec.named("H200")!
        var p = RooflineParameters.default
        p.attentionEfficiency = 1
        let one = RooflineModel(model: model, gpu: gpu, tensorParallel: 1, parameters: p)
        #expect(abs(one.prefillAttentionMsPerMillionPairs - 0.530120) < 1e-6)
        #expect(abs(RooflineModel(model: model, gpu: gpu, tensorParallel: 2, parameters: p).prefillAttentionMsPerMillionPairs - 0.265060) < 1e-6)
        #expect(one.iterationMs(tokenBatch: 512, kvTokens: 0, prefillPairs: 1e6) - one.iterationMs(tokenBatch: 512, kvTokens: 0) - 0.530120 < 1e-6)
        let generated = try RooflineGenerator.profile(model: model, gpu: gpu, tensorParallel: 1, parameters: p)
        #expect(generated.metadata.prefillAttentionMsPerMillionPairs == one.prefillAttentionMsPerMillionPairs)
    }

    /// The two rows of splitwise's file where twice the batch took less time
    /// (TP 2, batch 64, both platforms) are failed runs and are left out.
    @Test(.enabled(if: SharedData.available, "needs ../shared/data (splitwise perf_model.csv)"))
    func impossiblePrefillsAreTheTwoFailedRuns() throws {
        let rows = try SplitwiseMeasurement.load(path: SharedData.path("profiles/splitwise/perf_model.csv"))
            .filter { $0.model == "llama2-70b" && ["a100-80gb", "h100-80gb"].contains($0.hardware) }
        let impossible = rows.impossiblePrefills.map { rows[$0] }
        #expect(impossible.count == 2)
        #expect(impossible.allSatisfy { $0.tensorParallel == 2 && $0.batchSize == 64 })
    }

    /// Decode median error stays under 5 % (10 % on the held-out TP 8 rows) and
    /// prefill p90 under 30 % on every group, fitted and held out (measured:
    /// 17-26 %, from 45-54 % before the attention and interconnect terms).
    @Test(.enabled(if: SharedData.available, "needs ../shared/data (splitwise perf_model.csv)"))
    func calibrationMeetsDecodeAndPrefillTargets() throws {
        let rows = try SplitwiseMeasurement.load(path: SharedData.path("profiles/splitwise/perf_model.csv"))
            .filter { $0.model == "llama2-70b" && ["a100-80gb", "h100-80gb"].contains($0.hardware) }
        #expect(rows.count == 114)
        let summaries = RooflineCalibration.summarize(
            RooflineCalibration.compare(rows, parameters: .default, floors: RooflineParameters.splitwiseFloorMs))
        #expect(summaries.count == 8, "2 GPUs × 2 phases × fitted and held out")
        for s in summaries where s.phase == .decode {
            #expect(s.medianAPE <= (s.sample == .fit ? 5 : 10), "\(s.gpu) decode \(s.sample) median \(s.medianAPE) %")
        }
        for s in summaries where s.phase == .prefill {
            #expect(s.medianAPE <= 15 && s.p90APE <= 30, "\(s.gpu) prefill \(s.sample) median \(s.medianAPE) %, p90 \(s.p90APE) %")
        }
    }

    /// A kernel row by hand: 64 heads of 128 dims at TP 2, a 4,096-token chunk
    /// with no context: 4,096 · 4,097 / 2 = 8,390,656 pairs, 4 · 32 · 128 FLOPs each.
    @Test func vidurAttentionRowByHand() {
        let row = VidurAttentionRow(heads: 64, hiddenSize: 8192, tensorParallel: 2, chunk: 4096, context: 0, ms: 2.3)
        #expect(row.pairs == 8_390_656 && row.flops == 16_384 * 8_390_656)
        let a = RooflineCalibration.attention([row], gpu: GPUSpec.named("A100-80GB")!, efficiency: 1)!
        #expect(abs(a.impliedEfficiency - row.flops / (312e12 * 2.3e-3)) < 1e-12)
        #expect(abs(a.medianError - (row.flops / 312e12 * 1e3 - 2.3) / 2.3) < 1e-12)
    }

    /// Vidur's A100 kernels reach about a quarter of peak on prefill attention
    /// (measured: 25.0 %), four times below the term's fitted efficiency (1.0);
    /// the README says so and leaves reconciling them open.
    @Test(.enabled(if: SharedData.available, "needs ../shared/data (vidur attention.csv)"))
    func vidurAttentionKernelsReachAQuarterOfPeak() throws {
        let rows = try VidurAttentionRow.load(path: SharedData.path("profiles/vidur/legacy-2024-05-08/a100/attention.csv"))
        let a = try #require(RooflineCalibration.attention(rows, gpu: GPUSpec.named("A100-80GB")!, efficiency: RooflineParameters.default.attentionEfficiency))
        #expect(a.points == 2682)
        #expect(a.impliedEfficiency > 0.2 && a.impliedEfficiency < 0.3, "\(a.impliedEfficiency)")
    }
}
