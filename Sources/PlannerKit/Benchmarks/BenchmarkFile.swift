import Foundation
import Profiling

/// A benchmark tool's output file, recognised by its content.
public enum BenchmarkFile {
    /// The runs in the file at `path`: one for vLLM's `--save-result` JSON
    /// and genai-perf's export, one per benchmark for a GuideLLM report.
    /// `fallback` gives the lengths of a vLLM result saved without them.
    public static func runs(path: String, fallback: LengthModel? = nil) throws(InputError) -> [BenchmarkRun] {
        let data = try InputError.contents(of: path)
        // The format is told by its top-level keys, read without parsing the (possibly huge) values.
        let keys = Set(try JSONSkim.topLevel(data, source: path, keepingContainers: []).keys)
        if keys.contains("benchmarks") { return try GuideLLMReport.benchmarkRuns(path: path, data: data) }
        if keys.contains("time_to_first_token") || keys.contains("request_latency") { return [try GenAIPerfExport.benchmarkRun(path: path, data: data)] }
        if keys.contains("median_ttft_ms") || keys.contains("completed") { return [try VLLMBenchmarkResult.benchmarkRun(path: path, data: data, fallback: fallback)] }
        throw InputError(source: path, "not a benchmark result this planner reads; expected vLLM's --save-result JSON (median_ttft_ms), GuideLLM's report (benchmarks) or genai-perf's export (time_to_first_token)")
    }
}
