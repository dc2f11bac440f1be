import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

@Suite struct TraceReaderTests {
    struct Published: Sendable { var file: String; var rows: Int; var meanPrompt: Double; var meanOutput: Double; var rate: Double? }
    // Row counts and means as published in ../shared/data/README.md.
    static let published: [Published] = [
        .init(file: "traces/azure-2023/AzureLLMInferenceTrace_code.csv", rows: 8819, meanPrompt: 2048, meanOutput: 28, rate: 2.57),
        .init(file: "traces/azure-2023/AzureLLMInferenceTrace_conv.csv", rows: 19366, meanPrompt: 1155, meanOutput: 211, rate: 5.53),
        .init(file: "traces/mooncake/conversation_trace.jsonl", rows: 12031, meanPrompt: 12035, meanOutput: 343, rate: nil),
        .init(file: "traces/mooncake/synthetic_trace.jsonl", rows: 3993, meanPrompt: 15325, meanOutput: 149, rate: nil),
        .init(file: "lengths/sharegpt_8k_filtered_stats_llama2_tokenizer.csv", rows: 30731, meanPrompt: 2340, meanOutput: 439, rate: nil),
        .init(file: "lengths/arxiv_summarization_stats_llama2_tokenizer_filtered_v2.csv", rows: 28257, meanPrompt: 2588, meanOutput: 291, rate: nil),
    ]

    @Test(.enabled(if: SharedData.available, "needs ../shared/data"), arguments: published)
    func readersCountRowsAndReproduceMeans(_ p: Published) throws {
        let s = try TraceSource.summarize(path: SharedData.path(p.file))
        #expect(s.source.rows == p.rows)
        let meanPrompt = Double(s.pairs.reduce(0) { $0 + $1.prompt }) / Double(s.pairs.count)
        let meanOutput = Double(s.pairs.reduce(0) { $0 + $1.output }) / Double(s.pairs.count)
        #expect(abs(meanPrompt - p.meanPrompt) < 1 && abs(meanOutput - p.meanOutput) < 1)
        if let rate = p.rate { #expect(abs(Double(p.rows) / s.source.durationSeconds - rate) < 0.01) }
    }

    @Test func azureTimestampsParse() {
        let a = TraceReader.wallClockSeconds("2023-11-16 18:17:03.9799600")!
        let b = TraceReader.wallClockSeconds("2023-11-17 00:00:00")!
        #expect(abs(b - a - (5 * 3600 + 42 * 60 + 56.02004)) < 1e-6)
        // 1970-01-02 00:00:00 is 86,400 s after the epoch.
        #expect(TraceReader.wallClockSeconds("1970-01-02 00:00:00") == 86400)
    }

    private func failure(_ csv: String) -> InputError? {
        let path = TemporaryFiles.write(csv, name: "t.csv")
        do { _ = try TraceSource.summarize(path: path); return nil } catch { return error }
    }

    @Test func badTracesNameTheLine() throws {
        let unsorted = try #require(failure("arrival_s,prompt_tokens,output_tokens\n0,1,1\n2,1,1\n1,1,1\n"))
        #expect(unsorted.line == 4 && unsorted.message.contains("backwards"))
        let negative = try #require(failure("arrival_s,prompt_tokens,output_tokens\n-1,1,1\n"))
        #expect(negative.line == 2 && negative.message.contains("negative"))
        let fractional = try #require(failure("arrival_s,prompt_tokens,output_tokens\n0,1.5,1\n"))
        #expect(fractional.line == 2 && fractional.field == "prompt_tokens")
        let minus = try #require(failure("arrival_s,prompt_tokens,output_tokens\n0,3,-1\n"))
        #expect(minus.field == "output_tokens")
        let empty = try #require(failure("arrival_s,prompt_tokens,output_tokens\n"))
        #expect(empty.message.contains("no requests"))
        let unknown = try #require(failure("when,how,many\n1,2,3\n"))
        #expect(unknown.message.contains("unrecognised header"))
        #expect(throws: InputError.self) { try TraceSource.summarize(path: "/nonexistent/trace.csv") }
    }
}
