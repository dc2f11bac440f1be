import Foundation
import Testing
import PlannerTestSupport
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

    /// By hand: Llama-3.1-8B reads its 32 blocks (218.1 M parameters each,
    /// 6.979 G) and one LM head (128,256 × 4,096 = 525.3 M), 15.009 GB in bf16;
    /// at memory efficiency 0.836 of H200's 4.8 TB/s that is 3.7403 ms. Its
    /// 15.01 GFLOP at 0.455 of 989 TFLOP/s take 0.0334 ms, which the 4-norm
    /// makes negligible; no per-layer time: 3.740 ms.
    @Test func decodeIsMemoryBoundAtBatchOne() {
        let r = RooflineModel(model: .named("Llama-3.1-8B")!, gpu: .named("H200")!, tensorParallel: 1)
        #expect(r.memoryEfficiency == 0.836 && r.layerOverheadMs == 0)
        let memory = 15.009e9 / (4.8e12 * 0.836) * 1e3
        #expect(abs(memory - 3.7403) < 0.0005)
        #expect(abs(r.iterationMs(tokenBatch: 1, kvTokens: 0) - memory) < 0.002)
        #expect(r.iterationMs(tokenBatch: 4096, kvTokens: 0) > r.iterationMs(tokenBatch: 1, kvTokens: 0) * 4, "large batches are compute-bound")
    }

    /// Reads and FLOPs combine as a 4-norm: where the two are equal the
    /// kernels take 2^¼ = 1.189 times either, not twice.
    @Test func readsAndFLOPsCombineAsAFourNorm() {
        var p = RooflineParameters.default
        p.memoryEfficiency = 0.5
        p.layerOverheadMs = 0
        p.iterationFloorMs = 0
        let model = ModelArchitecture.named("Llama-3.1-8B")!, gpu = GPUSpec.named("H100-SXM")!
        let r = RooflineModel(model: model, gpu: gpu, tensorParallel: 1, parameters: p)
        let memory = model.weightReadBytes / (gpu.memoryBandwidth * 0.5) * 1e3
        let perToken = 2 * (model.blockParameters + Double(model.vocabularySize * model.hiddenSize)) / (gpu.peakFLOPS * p.computeEfficiency) * 1e3
        let balanced = memory / perToken
        #expect(abs(r.iterationMs(tokenBatch: balanced, kvTokens: 0) - 1.189207115002721 * memory) < 1e-9)
    }

    /// Mixtral-8x7B routes each token to 2 of 8 experts: one token reaches 2,
    /// a batch of 64 reaches 8 · (1 − 0.75⁶⁴) = 7.99999 of them.
    @Test func distinctExpertsByHand() {
        let m = ModelArchitecture.named("mistralai/Mixtral-8x7B-v0.1")!
        #expect(abs(m.distinctExperts(tokens: 1) - 2) < 1e-12)
        #expect(abs(m.distinctExperts(tokens: 64) - 8 * (1 - pow(0.75, 64))) < 1e-12)
        #expect(abs(m.totalParameters / 1e9 - 46.7) < 0.1, "published: 46.7 B")
    }

    /// The kernel figures in the catalogue are what the fit to Vidur's
    /// operators finds, and the held-out TP 8 rows are about as well predicted
    /// as the fitted ones (measured: median 7.0 and 10.0 % held out, p90 14.6
    /// and 21.8 %, against 4.3 and 5.5 % fitted).
    @Test(.enabled(if: SharedData.available, "needs ../shared/data (vidur compute profiles)"))
    func kernelFiguresAreTheFitToVidurOperators() throws {
        let points = try KernelCalibration.layerPoints(directory: SharedData.path("profiles/vidur"))
        #expect(Set(points.map(\.gpu)) == ["A100-80GB", "H100-SXM"])
        for fit in KernelCalibration.fitLayers(points) {
            let kernels = GPUSpec.named(fit.gpu)!.kernels
            #expect(fit.memoryEfficiency == kernels.memoryEfficiency && fit.layerOverheadMs == kernels.layerOverheadMs, "\(fit)")
            #expect(fit.fitted.medianAPE < 6 && fit.heldOut.medianAPE < 11 && fit.heldOut.p90APE < 25, "\(fit)")
        }
    }

    /// One layer by hand: Llama-3-8B at TP 2 holds 109.05 M parameters a GPU;
    /// at 8 tokens on A100 (efficiency 0.5 and 0.5, 0.01 ms fixed): reads
    /// 0.21390 ms, FLOPs 0.011184 ms, √(sum of squares) + 0.01 = 0.22419 ms.
    @Test func kernelLayerByHand() {
        let point = KernelCalibration.LayerPoint(gpu: "A100-80GB", model: "Llama-3-8B", tensorParallel: 2, tokens: 8, measuredMs: 1, sample: .fit)
        let reads = 218.10e6 / 2 * 2 / 2.039e12 / 0.5 * 1e3, flops = 2 * 218.10e6 / 2 * 8 / 312e12 / 0.5 * 1e3
        #expect(abs(reads - 0.21390) < 1e-4 && abs(flops - 0.011184) < 1e-5)
        let ms = KernelCalibration.layerMs(point, memoryEfficiency: 0.5, computeEfficiency: 0.5, layerOverheadMs: 0.01)
        #expect(abs(ms - ((reads * reads + flops * flops).squareRoot() + 0.01)) < 1e-5)
        #expect(abs(ms - 0.22419) < 1e-4)
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

    /// A kernel row by hand: 64 heads of 128 dims at TP 2, a 4,096-token chunk
    /// with no context: 4,096 · 4,097 / 2 = 8,390,656 pairs, 4 · 32 · 128 FLOPs each.
    @Test func vidurAttentionRowByHand() {
        let row = VidurAttentionRow(heads: 64, hiddenSize: 8192, tensorParallel: 2, chunk: 4096, context: 0, ms: 2.3)
        #expect(row.pairs == 8_390_656 && row.flops == 16_384 * 8_390_656)
        let a = RooflineCalibration.attention([row], gpu: GPUSpec.named("A100-80GB")!, efficiency: 1)!
        #expect(abs(a.impliedEfficiency - row.flops / (312e12 * 2.3e-3)) < 1e-12)
        #expect(abs(a.medianError - (row.flops / 312e12 * 1e3 - 2.3) / 2.3) < 1e-12)
    }

    /// Vidur's A100 kernels reach about a quarter of peak on prefill attention;
    /// fitted on half the rows the efficiency is 0.25, the value in use, and
    /// the held-out half is predicted about as well as the fitted one
    /// (measured: median 18.9 % against 18.6 %).
    @Test(.enabled(if: SharedData.available, "needs ../shared/data (vidur attention.csv)"))
    func attentionEfficiencyIsTheFitToVidurKernels() throws {
        let rows = try VidurAttentionRow.load(path: SharedData.path("profiles/vidur/legacy-2024-05-08/a100/attention.csv"))
        let fit = try #require(KernelCalibration.fitAttention(rows, gpu: GPUSpec.named("A100-80GB")!))
        #expect(fit.efficiency == RooflineParameters.default.attentionEfficiency)
        #expect(fit.fitted.points + fit.heldOut.points == 2682)
        #expect(fit.heldOut.medianAPE < 25 && abs(fit.heldOut.medianAPE - fit.fitted.medianAPE) < 3, "\(fit)")
        let a = try #require(RooflineCalibration.attention(rows, gpu: GPUSpec.named("A100-80GB")!, efficiency: fit.efficiency))
        #expect(abs(a.medianError) < 0.1, "the term at the fitted efficiency is unbiased: \(a.medianError)")
    }
}
