import Testing
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
        #expect(abs(t.iterationMs(tokenBatch: d.tokenBatch, kvTokens: d.kvTokens) - d.ms) / d.ms < 0.05)
        let prefill = try #require(result.measurements.first { $0.promptSize == 8192 && $0.batchSize == 1 })
        #expect(abs(prefill.promptMs - 953.5816330462694) < 1e-6, "median of the five source rows")
        let p = prefill.prefillPoint
        #expect(abs(t.iterationMs(tokenBatch: p.tokenBatch, kvTokens: p.kvTokens) - p.ms) / p.ms < 0.05)
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
        #expect(abs(p.iterationMs(tokenBatch: 1, kvTokens: 0) - (19.934702624895458 + 0.03850697740828398)) < 1e-9)
        #expect(abs(p.iterationMs(tokenBatch: 1024, kvTokens: 0) - (18.10254647486372 + 0.1019122572698738 * 1024)) < 1e-9)
        // max_num_tokens.csv: facebook/opt-13b, tp 1, pp 1 → 66144.
        #expect(p.metadata.kvCapacityTokens == 66144)
        p.table._checkInvariants()
    }
}
