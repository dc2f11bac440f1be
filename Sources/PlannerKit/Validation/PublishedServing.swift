import Foundation
import Profiling

/// The published serving medians in `../shared/data/measured/serving-medians.csv`
/// (SGLang's benchmark of vLLM 0.6.0 and SGLang 0.3.0, Llama-3.1-8B on one
/// A100-80GB, ShareGPT at 4 and 8 req/s) as scenarios: vLLM's figures are the
/// measurement, SGLang's the other engine.
///
/// The CSV has no per-request lengths. The lengths are an assumption, stated
/// here and in the README: the serving scripts' ShareGPT sample averages about
/// 200 prompt and 180 output tokens (vLLM blog, 500 prompts: 202 in, 179 out);
/// the law is lognormal with those means (σ 1.0 and 0.9), clipped to 4-1,024
/// tokens. Nothing is fitted to these rows: every figure is out of sample.
public enum PublishedServing {
    public static let assumedLengths = LengthModel.independent(
        prompt: .lognormal(median: 200 / exp(0.5), sigma: 1.0, min: 4, max: 1024),
        output: .lognormal(median: 180 / exp(0.9 * 0.9 / 2), sigma: 0.9, min: 4, max: 1024))

    /// One scenario per (GPU, model, TP, rate), with vLLM's medians as the measurement.
    public static func load(path: String) throws(InputError) -> [(gpu: String, model: String, tensorParallel: Int, serving: MeasuredServing)] {
        var records = try CSVRecords(path: path, required: ["framework", "gpu", "model", "tensor_parallel", "prompts", "request_rate_rps",
                                                            "median_ttft_ms", "median_tpot_ms"], allowOthers: true)
        struct Row { var framework, gpu, model: String; var tp, prompts: Int; var rate, ttft, tpot: Double }
        var rows: [Row] = []
        while let r = records.next() {
            rows.append(Row(framework: try r.string("framework"), gpu: try r.string("gpu"), model: try r.string("model"),
                            tp: try r.count("tensor_parallel"), prompts: try r.count("prompts"), rate: try r.double("request_rate_rps"),
                            ttft: try r.double("median_ttft_ms"), tpot: try r.double("median_tpot_ms")))
        }
        return rows.filter { $0.framework.hasPrefix("vllm") }.map { v in
            var s = MeasuredServing(name: "\(v.gpu) \(v.model) TP\(v.tp) at \(fmtShort(v.rate)) req/s", source: path, requestRate: v.rate,
                                    requests: v.prompts, lengths: assumedLengths, lengthsMeasured: false,
                                    medianTTFTMs: v.ttft, medianTPOTMs: v.tpot)
            if let other = rows.first(where: { !$0.framework.hasPrefix("vllm") && $0.gpu == v.gpu && $0.model == v.model && $0.tp == v.tp && $0.rate == v.rate }) {
                s.otherEngine = (other.ttft, other.tpot)
            }
            return (v.gpu, v.model, v.tp, s)
        }
    }
}
