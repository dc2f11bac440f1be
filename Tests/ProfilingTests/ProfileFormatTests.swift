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

    /// A profile saved with Windows line ends reads as the same profile.
    @Test func readsWindowsLineEnds() throws {
        let profile = try RooflineGenerator.profile(model: .named("Llama-3.1-8B")!, gpu: .named("H200")!, tensorParallel: 1)
        let text = ProfileFormat.encode(profile)
        let windows = text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(windows.utf8.count > text.utf8.count)
        #expect(try ProfileFormat.decode(windows, source: "crlf.csv") == profile)
    }

    /// A grid axis or time past its range is refused at its line, not carried into sums and GLPK.
    @Test func refusesAxesPastTheirRange() {
        for (rows, words) in [("1,0,5\n1e300,0,6\n", ["t.csv:12", "[token_batch]"]), ("1,0,5\n1,1e300,6\n", ["t.csv:12", "[kv_tokens]"]),
                              ("1,0,5\n2,0,1e300\n", ["t.csv:12", "[iteration_ms]"])] {
            #expect { try ProfileFormat.decode(Self.header + rows, source: "t.csv") } throws: { error in
                words.allSatisfy { "\(error)".contains($0) }
            }
        }
    }

    @Test func readsHandWrittenTable() throws {
        let p = try ProfileFormat.decode(Self.header + "1,0,5\n2,0,6\n1,1000,7\n2,1000,8.25\n", source: "t.csv")
        #expect(p.metadata.kvCapacityTokens == 1000 && p.metadata.pricePerGPUHour == 3.5)
        #expect(p.decodeIterationMs(tokenBatch: 1.5, kvTokens: 500) == (5 + 6 + 7 + 8.25) / 4)
    }

    /// The engine and attention terms are optional: a file without them reads
    /// as 0 (old files load unchanged); with them they round-trip, and a value
    /// out of range names its line and key.
    @Test func readsOptionalEngineAndAttentionTerms() throws {
        let body = "1,0,5\n2,0,6\n1,1000,7\n2,1000,8.25\n"
        let old = try ProfileFormat.decode(Self.header + body, source: "t.csv")
        #expect(old.metadata.prefillAttentionMsPerMillionPairs == 0 && old.metadata.requestOverheadMs == 0 && old.metadata.iterationOverheadMs == 0)
        #expect(ProfileFormat.encode(old) == Self.header + body)
        let terms = "# prefill_attention_ms_per_mpair: 0.5\n# iteration_overhead_ms: 1.5\n# sequence_overhead_ms: 0.25\n# request_overhead_ms: 68\n"
        let header = Self.header.replacingOccurrences(of: "token_batch,", with: terms + "token_batch,")
        let p = try ProfileFormat.decode(header + body, source: "t.csv")
        #expect(p.metadata.prefillAttentionMsPerMillionPairs == 0.5 && p.metadata.iterationOverheadMs == 1.5 && p.metadata.requestOverheadMs == 68)
        #expect(ProfileFormat.encode(p) == header + body)
        // 5 ms at one token, plus 1.5 ms of overhead, plus 2 million pairs at 0.5 ms each, plus 0.25 ms for each of 4 requests.
        #expect(p.metadata.sequenceOverheadMs == 0.25)
        let ms: Double = p.iterationMs(tokenBatch: 1, kvTokens: 0, sequences: 4, prefillPairs: 2e6)
        #expect(ms == 8.5)
        var plain = p
        plain.metadata.sequenceOverheadMs = 0
        #expect(plain.largestTokenBatch(withinMs: 7, kvTokens: 0) == 1.5, "the overhead comes out of the budget: 5.5 ms of table")
        let bad = try #require(error(body, header: header.replacingOccurrences(of: "request_overhead_ms: 68", with: "request_overhead_ms: -1")))
        #expect(bad.line == 13 && bad.field == "request_overhead_ms")
        let negative = try #require(error(body, header: header.replacingOccurrences(of: "sequence_overhead_ms: 0.25", with: "sequence_overhead_ms: nan")))
        #expect(negative.field == "sequence_overhead_ms")
        let nan = try #require(error(body, header: header.replacingOccurrences(of: "mpair: 0.5", with: "mpair: nan")))
        #expect(nan.line == 10 && nan.field == "prefill_attention_ms_per_mpair")
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
