import Foundation
import Profiling

/// Reads the JSON that vLLM's serving benchmark writes with `--save-result`
/// (`benchmarks/benchmark_serving.py`, `vllm bench serve`).
///
/// Fields used: `request_rate` (a positive number, or `inf`),
/// `max_concurrency` and `burstiness` (optional), `completed` (requests),
/// `model_id` (optional), `median_ttft_ms`, `median_tpot_ms` (required);
/// `mean_`, `p90_` and `p99_` of `ttft`, `tpot` and `e2el`, and
/// `median_e2el_ms` (optional, read when present);
/// `input_lens` and `output_lens` (optional per-request token counts, equal
/// lengths; resampled as the run's length law; without them `fallback` is used).
/// Everything else in the file is ignored.
///
/// The client's arrivals, as `vllm bench serve` sends them: a finite rate is
/// Poisson (gamma gaps of shape `burstiness` when it is not 1); `inf` with
/// `max_concurrency` N is a closed loop of N clients with no think time;
/// `inf` alone sends every request at once (a closed loop of `completed`
/// clients). A finite rate under a concurrency cap that binds is refused.
public enum VLLMBenchmarkResult {
    /// The run with every figure the file holds, for `profile fit`.
    public static func benchmarkRun(path: String, data given: Data? = nil, fallback: LengthModel?) throws(InputError) -> BenchmarkRun {
        let data: Data
        if let given { data = given } else { data = try InputError.contents(of: path) }
        // Only the scalars and the two length arrays are read: per-request details are skipped unparsed.
        let skimmed = try JSONSkim.topLevel(data, source: path, keepingContainers: ["input_lens", "output_lens"]).kept
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: skimmed, options: [.fragmentsAllowed]) } catch {
            throw InputError(source: path, "not valid JSON (\(error.localizedDescription)); expected the file vLLM's serving benchmark writes with --save-result")
        }
        guard let json = object as? [String: Any] else {
            throw InputError(source: path, "expected a JSON object at the top level (vLLM's --save-result file)")
        }
        func isInfinite(_ key: String) -> Bool {
            if let s = json[key] as? String { return ["inf", "infinity"].contains(s.lowercased()) }
            return (json[key] as? NSNumber).map { $0.doubleValue.isInfinite } ?? false
        }
        func number(_ key: String, required: Bool = true) throws(InputError) -> Double? {
            guard let value = json[key], !(value is NSNull) else {
                if required { throw InputError(source: path, field: key, "missing; expected a number") }
                return nil
            }
            if isInfinite(key) { throw InputError(source: path, field: key, "is infinite; expected a positive finite number") }
            // On Linux every NSNumber answers `is Bool`; JSON true and false have the "c" type code.
            guard let n = value as? NSNumber, String(cString: n.objCType) != "c" else {
                throw InputError(source: path, field: key, "\(value) is not a number")
            }
            let x = n.doubleValue
            guard x.isFinite, x > 0, x <= 1e9 else { throw InputError(source: path, field: key, "\(x) is out of range; expected a positive finite number up to 1e9") }
            return x
        }
        let completed = try number("completed")!
        guard completed == completed.rounded(), completed <= Double(InputLimits.maximumRequests) else {
            throw InputError(source: path, field: "completed", "\(completed) is not a whole number of requests up to \(InputLimits.maximumRequests)")
        }
        let concurrency = try number("max_concurrency", required: false)
        if let concurrency, concurrency != concurrency.rounded() || concurrency > Double(InputLimits.maximumClosedLoopUsers) {
            throw InputError(source: path, field: "max_concurrency", "\(concurrency) is not a whole number of clients up to \(InputLimits.maximumClosedLoopUsers)")
        }
        let arrivals: ArrivalProcess
        if isInfinite("request_rate") {
            arrivals = .closed(users: Int(min(concurrency ?? completed, completed)), thinkSeconds: 0)
        } else {
            let rate = try number("request_rate")!
            if let concurrency, concurrency < completed {
                throw InputError(source: path, field: "max_concurrency", "\(Int(concurrency)) clients capping a rate of \(rate) req/s is not replayed; run the benchmark with --request-rate inf and --max-concurrency N (a closed loop), or with a rate and no cap")
            }
            let burstiness = try number("burstiness", required: false) ?? 1
            arrivals = burstiness == 1 ? .poisson(rate: rate) : .gamma(rate: rate, cv: 1 / burstiness.squareRoot())
        }
        var figures: [ServingMetric: Double] = [:]
        for (quantity, key) in [(ServingMetric.Quantity.ttft, "ttft"), (.tpot, "tpot"), (.e2e, "e2el")] {
            for (statistic, prefix) in [(ServingMetric.Statistic.mean, "mean"), (.median, "median"), (.p90, "p90"), (.p99, "p99")] {
                let required = statistic == .median && quantity != .e2e
                if let x = try number("\(prefix)_\(key)_ms", required: required) { figures[.init(statistic, quantity)] = x }
            }
        }
        let lengths: LengthModel
        let measured: Bool
        switch (json["input_lens"], json["output_lens"]) {
        case (nil, nil):
            guard let fallback else {
                throw InputError(source: path, field: "input_lens", "missing, and no length law was given; save the result with per-request lengths or pass --workload for the lengths")
            }
            lengths = fallback
            measured = false
        case let (inputs?, outputs?):
            guard let i = inputs as? [NSNumber], let o = outputs as? [NSNumber] else {
                throw InputError(source: path, field: "input_lens", "input_lens and output_lens must be arrays of whole numbers")
            }
            guard i.count == o.count, !i.isEmpty, i.count <= InputLimits.maximumRequests else {
                throw InputError(source: path, field: "output_lens", "input_lens has \(i.count) entries and output_lens \(o.count); expected the same non-zero count")
            }
            var pairs: [LengthPair] = []
            pairs.reserveCapacity(i.count)
            for (k, (p, q)) in zip(i, o).enumerated() {
                let prompt = p.doubleValue, output = q.doubleValue
                guard prompt >= 1, output >= 1, prompt <= Double(InputLimits.maximumTokens), output <= Double(InputLimits.maximumTokens),
                      prompt == prompt.rounded(), output == output.rounded() else {
                    throw InputError(source: path, field: "input_lens[\(k)]", "lengths \(prompt) / \(output) are not whole token counts from 1 to \(InputLimits.maximumTokens)")
                }
                pairs.append(LengthPair(prompt: Int(prompt), output: Int(output)))
            }
            lengths = .empirical(pairs: pairs, source: path)
            measured = true
        default:
            throw InputError(source: path, field: json["input_lens"] == nil ? "input_lens" : "output_lens", "only one of input_lens and output_lens is present; expected both or neither")
        }
        let model = json["model_id"] as? String
        return BenchmarkRun(name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, source: path, checksum: sha256Hex(data),
                            deployment: .init(model: model), load: .requests(arrivals, count: Int(completed)), lengths: lengths,
                            lengthsMeasured: measured, measured: figures)
    }
}
