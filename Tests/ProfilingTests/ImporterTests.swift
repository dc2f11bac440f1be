import Testing
import PlannerTestSupport
@testable import Profiling

@Suite(.enabled(if: SharedData.available, "needs ../shared/data/profiles"))
struct ImporterTests {
    let splitwise = SharedData.path("profiles/splitwise/perf_model.csv")

    @Test func splitwiseMediansMatchSourceRows() throws {
        let rows = try SplitwiseMeasurement.load(path: splitwise)
        // 228 configurations, counted independently; the centre of the three sweeps
        // (prompt 512, batch 1, tokens 128) appears once per sweep, so 15 repeats.
        #expect(rows.count == 228)
        #expect(rows.filter { $0.repeats == 15 }.count == 12 && rows.filter { $0.repeats == 5 }.count == 216)
        // First configuration: prompt_time median of its 15 rows, computed independently: 196.86237908899784.
        let first = try #require(rows.first)
        #expect(first.model == "llama2-70b" && first.hardware == "a100-80gb" && first.tensorParallel == 2)
        #expect(first.promptSize == 512 && first.batchSize == 1 && first.tokenSize == 128)
        #expect(abs(first.promptMs - 196.86237908899784) < 1e-9)
    }

    @Test func splitwiseTableReproducesMeasuredIterations() throws {
        let result = try SplitwiseImporter.importProfile(path: splitwise, model: "llama2-70b", hardware: "h100-80gb", tensorParallel: 4)
        let t = result.profile
        t.table._checkInvariants()
        #expect(t.metadata.gpu == "H100-SXM" && t.metadata.model == "Llama-2-70B" && t.metadata.gpusPerInstance == 4)
        // Spot checks against medians of the source rows (see the importer's mapping).
        let decode = try #require(result.measurements.first { $0.promptSize == 512 && $0.batchSize == 1 && $0.tokenSize == 128 })
        let d = decode.decodePoint
        #expect(abs(t.decodeIterationMs(tokenBatch: d.tokenBatch, kvTokens: d.kvTokens) - d.ms) / d.ms < 0.05)
        let prefill = try #require(result.measurements.first { $0.promptSize == 8192 && $0.batchSize == 1 })
        #expect(abs(prefill.promptMs - 953.5816330462694) < 1e-6, "median of the five source rows")
        let p = prefill.prefillPoint
        #expect(abs(t.decodeIterationMs(tokenBatch: p.tokenBatch, kvTokens: p.kvTokens) - p.ms) / p.ms < 0.05)
        #expect(result.kvSlopeMsPerToken >= 0)
    }

    @Test func splitwiseUnknownSelectionListsChoices() {
        #expect {
            try SplitwiseImporter.importProfile(path: splitwise, model: "llama2-70b", hardware: "h100-80gb", tensorParallel: 3)
        } throws: { error in
            (error as? InputError)?.message.contains("--model llama2-70b --gpu h100-80gb --tp 4") == true
        }
    }

    @Test func distServeCoefficientsBecomeTable() throws {
        let path = SharedData.path("profiles/distserve/profiler-a100-80g.distserve.json")
        let p = try DistServeImporter.importProfile(path: path, model: "facebook/opt-13b", tensorParallel: 1)
        // From the JSON: decode_small = 19.934702624895458 + 0.0006269356524350583·k + 0.03850697740828398·b;
        // prefill = 18.10254647486372 + 0.1019122572698738·b (+ the decode KV term).
        #expect(abs(p.decodeIterationMs(tokenBatch: 1, kvTokens: 0) - (19.934702624895458 + 0.03850697740828398)) < 1e-9)
        #expect(abs(p.decodeIterationMs(tokenBatch: 1024, kvTokens: 0) - (18.10254647486372 + 0.1019122572698738 * 1024)) < 1e-9)
        // max_num_tokens.csv: facebook/opt-13b, tp 1, pp 1 → 66144.
        #expect(p.metadata.kvCapacityTokens == 66144)
        p.table._checkInvariants()
    }

    /// Vidur, A100, Llama-3-8B, TP 1, by hand from the file's medians: at one
    /// token a layer's operators take 0.303 ms and the embedding 0.003 ms; the
    /// LM head reads 128,256 × 4,096 × 2 bytes at the roofline's memory
    /// efficiency (0.836) of 2.039 TB/s. At 4,096
    /// tokens (two repeated rows) the layer medians are 8.529 and 8.549 (8.539)
    /// and the embedding 0.2415; the LM head is compute-bound,
    /// 2 × 128,256 × 4,096 × 4,096 FLOPs at its compute efficiency (0.455) of 312 TFLOP/s.
    @Test func vidurIterationByHand() throws {
        let r = try VidurImporter.importProfile(directory: SharedData.path("profiles/vidur"), gpu: "a100",
                                                model: "meta-llama/Meta-Llama-3-8B", tensorParallel: 1)
        r.profile.table._checkInvariants()
        #expect(r.profile.metadata.model == "Llama-3-8B" && r.profile.metadata.gpu == "A100-80GB")
        let lmRead = 128_256.0 * 4096 * 2 / (2.039e12 * 0.836) * 1e3
        #expect(abs(r.profile.decodeIterationMs(tokenBatch: 1, kvTokens: 0) - (32 * 0.303 + 0.003 + lmRead)) < 1e-9)
        let lmCompute = 2 * 128_256.0 * 4096 * 4096 / (312e12 * 0.455) * 1e3
        // The raw grid value: queries read the monotone envelope, which 4,064 tokens (measured slower) lifts here.
        let i = try #require(r.profile.table.tokenBatches.firstIndex(of: 4096))
        #expect(abs(r.profile.table.values[i] - (32 * 8.539 + 0.2415 + lmCompute)) < 1e-6)
        // KV read on top: 16,384 tokens of 131,072 bytes at 0.836 of 2.039 TB/s.
        let kv = r.profile.decodeIterationMs(tokenBatch: 1, kvTokens: 16384) - r.profile.decodeIterationMs(tokenBatch: 1, kvTokens: 0)
        #expect(abs(kv - 16384 * 131_072 / (2.039e12 * 0.836) * 1e3) < 1e-9)
        #expect(r.profile.metadata.prefillAttentionMsPerMillionPairs > 0)
    }

    /// With TP the all-reduces come from the measured NCCL table, and a missing
    /// selection lists what the folder has.
    @Test func vidurTensorParallelAndErrors() throws {
        let dir = SharedData.path("profiles/vidur")
        let tp4 = try VidurImporter.importProfile(directory: dir, gpu: "a100", model: "meta-llama/Meta-Llama-3-70B", tensorParallel: 4)
        tp4.profile.table._checkInvariants()
        #expect(tp4.profile.metadata.gpusPerInstance == 4 && tp4.profile.metadata.model == "Llama-3-70B")
        #expect(tp4.profile.metadata.provenance.contains("all_reduce.csv"))
        #expect(throws: InputError.self) { try VidurImporter.importProfile(directory: dir, gpu: "a100", model: "meta-llama/Meta-Llama-3-8B", tensorParallel: 3) }
        do {
            _ = try VidurImporter.importProfile(directory: dir, gpu: "v100", model: "meta-llama/Meta-Llama-3-8B", tensorParallel: 1)
            Issue.record("accepted a GPU the folder lacks")
        } catch { #expect(error.message.contains("a100, h100")) }
    }
}
