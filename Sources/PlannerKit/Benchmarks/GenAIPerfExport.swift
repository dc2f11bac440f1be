import Foundation
import Profiling

/// Reads the JSON that NVIDIA's genai-perf writes beside its table
/// (`profile_export_genai_perf.json`).
///
/// Fields used: `time_to_first_token`, `inter_token_latency` (genai-perf's
/// time per output token after the first) and `request_latency`, each with
/// `unit` and `avg`, `p50`, `p90`, `p99`; `input_sequence_length` and
/// `output_sequence_length` (`min`, `p1`…`p99`, `max`), resampled as the
/// run's lengths; the load from `input_config`: `concurrency` or
/// `request_rate` (top level, or under `perf_analyzer.stimulus`), the model
/// (`model` or `model_names`), and the request count (`request_count.avg`,
/// or `request_count` in `input_config`/`input_config.input`).
///
/// A concurrency is a closed loop of that many clients with no think time;
/// a rate is perf_analyzer's default constant schedule (gamma gaps with a
/// coefficient of variation of 0.01), or Poisson where the config says
/// `request_distribution: poisson`. A closed loop with no count is replayed
/// for 10 requests per client (at least 100): its figures are steady-state
/// ones and do not depend on the count.
public enum GenAIPerfExport {
    static let units: [String: Double] = ["ms": 1, "s": 1000, "sec": 1000, "us": 0.001, "ns": 1e-6]

    public static func benchmarkRun(path: String, data: Data) throws(InputError) -> BenchmarkRun {
        let root = try BenchmarkJSON.read(path, data: data, expecting: "genai-perf's profile_export_genai_perf.json")
        var figures: [ServingMetric: Double] = [:]
        for (quantity, key) in [(ServingMetric.Quantity.ttft, "time_to_first_token"), (.tpot, "inter_token_latency"), (.e2e, "request_latency")] {
            guard let metric = root[key] else { continue }
            let unit = metric["unit"]?.string ?? "ms"
            guard let scale = units[unit] else { throw metric.error("unit", "'\(unit)' is not a time unit; expected ms, s, us or ns") }
            for (statistic, stat) in [(ServingMetric.Statistic.mean, "avg"), (.median, "p50"), (.p90, "p90"), (.p99, "p99")] {
                if let v = metric[stat] { figures[.init(statistic, quantity)] = try v.number() * scale }
            }
        }
        guard !figures.isEmpty else { throw root.error("time_to_first_token", "missing, as are inter_token_latency and request_latency; expected genai-perf's profile_export_genai_perf.json") }
        let config = root["input_config"]
        let stimulus = config?.first(["perf_analyzer.stimulus"]) ?? config
        let arrivals: ArrivalProcess
        var count = try (root.first(["request_count.avg"]) ?? config?.first(["request_count", "input.request_count"]))
            .map { n throws(InputError) in try n.count(maximum: InputLimits.maximumRequests) }
        if let c = stimulus?["concurrency"] {
            let users = try c.count(maximum: InputLimits.maximumClosedLoopUsers)
            arrivals = .closed(users: users, thinkSeconds: 0)
            count = count ?? max(100, 10 * users)
        } else if let r = stimulus?["request_rate"] {
            let rate = try r.number()
            let poisson = config?.first(["request_distribution", "perf_analyzer.request_distribution"])?.string?.lowercased() == "poisson"
            arrivals = poisson ? .poisson(rate: rate) : .gamma(rate: rate, cv: 0.01)
        } else {
            throw (config ?? root).error("concurrency", "the export's input_config names neither a concurrency nor a request rate; expected genai-perf's export with its input_config")
        }
        guard let requests = count else {
            throw root.error("request_count", "missing; a run at a request rate needs its request count (genai-perf --request-count)")
        }
        func law(_ key: String) throws(InputError) -> LengthLaw {
            guard let s = root[key], let lo = s["min"], let hi = s["max"] else {
                throw root.error(key, "missing, or without min and max; expected the token counts genai-perf sent")
            }
            var points: [(q: Double, tokens: Double)] = []
            for p in [1, 5, 10, 25, 50, 75, 90, 95, 99] { if let v = s["p\(p)"] { points.append((Double(p) / 100, try v.number())) } }
            guard let law = LengthLaw.summarised(minimum: try lo.number(), percentiles: points, maximum: try hi.number()) else {
                throw s.error(nil, "the token counts' min, percentiles and max do not rise, or fall outside 1 to \(InputLimits.maximumTokens)")
            }
            return law
        }
        let model = config?.first(["model", "model_names"]).flatMap { $0.string ?? $0.array?.first?.string }
        return BenchmarkRun(name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, source: path, checksum: sha256Hex(data),
                            deployment: .init(model: model), load: .requests(arrivals, count: requests),
                            lengths: .independent(prompt: try law("input_sequence_length"), output: try law("output_sequence_length")),
                            lengthsMeasured: true, measured: figures)
    }
}
