import Foundation
import Profiling

/// A benchmark tool's output file, recognised by its content.
public enum BenchmarkFile {
    /// The runs in the file at `path`: one for vLLM's `--save-result` JSON
    /// and genai-perf's export, one per benchmark for a GuideLLM report.
    /// `fallback` gives the lengths of a vLLM result saved without them.
    public static func runs(path: String, fallback: LengthModel? = nil) throws(InputError) -> [BenchmarkRun] {
        let data = try InputError.contents(of: path)
        let root = try BenchmarkJSON.read(path, data: data, expecting: "a benchmark result (vLLM --save-result, GuideLLM or genai-perf JSON)")
        if root["benchmarks"] != nil { return try GuideLLMReport.benchmarkRuns(path: path, data: data) }
        if root["time_to_first_token"] != nil || root["request_latency"] != nil { return [try GenAIPerfExport.benchmarkRun(path: path, data: data)] }
        if root["median_ttft_ms"] != nil || root["completed"] != nil { return [try VLLMBenchmarkResult.benchmarkRun(path: path, data: data, fallback: fallback)] }
        throw InputError(source: path, "not a benchmark result this planner reads; expected vLLM's --save-result JSON (median_ttft_ms), GuideLLM's report (benchmarks) or genai-perf's export (time_to_first_token)")
    }
}
