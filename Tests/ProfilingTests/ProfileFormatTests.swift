import Testing
@testable import Profiling

@Suite struct ProfileFormatTests {
    static let header = """
    # planner-profile: 1
    # name: tiny
    # gpu: H200
    # gpus_per_instance: 1
    # model: Llama-3.1-8B
    # tensor_parallel: 1
    # kv_capacity_tokens: 1000
    # price_per_gpu_hour: 3.5
    # provenance: hand-written
    token_batch,kv_tokens,iteration_ms

    """

    @Test func roundTripsByteForByte() throws {
        let profile = try RooflineGenerator.profile(model: .named("Llama-3.1-8B")!, gpu: .named("H200")!, tensorParallel: 1)
        let text = ProfileFormat.encode(profile)
        let decoded = try ProfileFormat.decode(text, source: "mem")
        #expect(decoded == profile)
        #expect(ProfileFormat.encode(decoded) == text)
    }

    @Test func readsHandWrittenTable() throws {
        let p = try ProfileFormat.decode(Self.header + "1,0,5\n2,0,6\n1,1000,7\n2,1000,8.25\n", source: "t.csv")
        #expect(p.metadata.kvCapacityTokens == 1000 && p.metadata.pricePerGPUHour == 3.5)
        #expect(p.iterationMs(tokenBatch: 1.5, kvTokens: 500) == (5 + 6 + 7 + 8.25) / 4)
    }

    private func error(_ body: String, header: String = ProfileFormatTests.header) -> InputError? {
        do { _ = try ProfileFormat.decode(header + body, source: "t.csv"); return nil } catch { return error }
    }

    @Test func namesLineAndFieldOfBadRows() throws {
        let nan = try #require(error("1,0,5\n2,0,nan\n1,1000,7\n2,1000,8\n"))
        #expect(nan.line == 12 && nan.field == "iteration_ms")
        let negative = try #require(error("1,0,5\n-2,0,6\n1,1000,7\n2,1000,8\n"))
        #expect(negative.line == 12 && negative.field == "token_batch" && negative.message.contains("negative"))
        let duplicate = try #require(error("1,0,5\n1,0,6\n"))
        #expect(duplicate.line == 12 && duplicate.message.contains("duplicate"))
        let missing = try #require(error("1,0,5\n2,0,6\n1,1000,7\n"))
        #expect(missing.message.contains("incomplete") && missing.message.contains("token_batch 2, kv_tokens 1000"))
        let falling = try #require(error("1,0,5\n2,0,3\n1,1000,7\n2,1000,8\n"))
        #expect(falling.line == 12 && falling.message.contains("falls"))
        let small = try #require(error("1,0,5\n1,1000,6\n"))
        #expect(small.message.contains("at least 2"))
        let extra = try #require(error("1,0,5,9\n"))
        #expect(extra.line == 11)
    }

    @Test func rejectsBadHeaderAndMetadata() throws {
        let columns = try #require(error("", header: Self.header.replacingOccurrences(of: "iteration_ms", with: "ms")))
        #expect(columns.message.contains("missing column") && columns.message.contains("iteration_ms"))
        let unknown = try #require(error("1,0,5\n", header: "# colour: red\n" + Self.header))
        #expect(unknown.line == 1 && unknown.field == "colour")
        let noPrice = try #require(error("1,0,5\n", header: Self.header.replacingOccurrences(of: "# price_per_gpu_hour: 3.5\n", with: "")))
        #expect(noPrice.field == "price_per_gpu_hour")
    }
}
