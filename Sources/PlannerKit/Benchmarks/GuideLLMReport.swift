import Foundation
import Profiling

/// Reads the JSON report GuideLLM writes (`guidellm benchmark … --output-path
/// benchmarks.json`): one run per entry of `benchmarks`, so a sweep gives
/// several loads of one deployment.
///
/// Per benchmark: the strategy (`config.strategy`, or `args.strategy` in
/// older reports) with `type_` `synchronous` (one client), `concurrent`
/// (`streams` clients, closed loop), `throughput` (every request at once,
/// or `max_concurrency` clients), `constant` (`rate`, gamma gaps with a
/// coefficient of variation of 0.01) or `poisson` (`rate`); from `metrics`,
/// the successful requests' `time_to_first_token_ms`,
/// `inter_token_latency_ms` (GuideLLM's time per output token after the
/// first; its `time_per_output_token_ms` includes the first and is not used)
/// and `request_latency` (seconds), each `mean`, `median` and
/// `percentiles.p90`/`p99`; `prompt_token_count` and `output_token_count`
/// (`min`, percentiles, `max`) as the lengths; the count from
/// `request_totals.successful`.
public enum GuideLLMReport {
    public static func benchmarkRuns(path: String, data: Data) throws(InputError) -> [BenchmarkRun] {
        let root = try BenchmarkJSON.read(path, data: data, expecting: "GuideLLM's benchmarks.json")
        guard let benchmarks = root["benchmarks"]?.array, !benchmarks.isEmpty else {
            throw root.error("benchmarks", "missing or empty; expected GuideLLM's report with a list of benchmarks")
        }
        let checksum = sha256Hex(data)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var runs: [BenchmarkRun] = []
        for (i, b) in benchmarks.enumerated() {
            guard let metrics = b["metrics"] else { throw b.error("metrics", "missing; expected each benchmark's metrics") }
            func successful(_ key: String) -> BenchmarkJSON? { metrics[key]?["successful"] }
            var figures: [ServingMetric: Double] = [:]
            for (quantity, key, scale) in [(ServingMetric.Quantity.ttft, "time_to_first_token_ms", 1.0), (.tpot, "inter_token_latency_ms", 1),
                                           (.e2e, "request_latency", 1000)] {
                guard let s = successful(key) else { continue }
                for (statistic, p) in [(ServingMetric.Statistic.mean, "mean"), (.median, "median"), (.p90, "percentiles.p90"), (.p99, "percentiles.p99")] {
                    if let v = s.first([p]) { figures[.init(statistic, quantity)] = try v.number() * scale }
                }
            }
            guard !figures.isEmpty else { throw metrics.error("time_to_first_token_ms", "no successful requests' latencies in this benchmark") }
            let count = try (metrics.first(["request_totals.successful"]) ?? successful("request_latency")?["count"])
                .map { n throws(InputError) in try n.count(maximum: InputLimits.maximumRequests) }
            guard let count else { throw metrics.error("request_totals", "missing; expected the count of successful requests") }
            guard let strategy = b.first(["config.strategy", "args.strategy", "scheduler.strategy", "strategy"]) else {
                throw b.error("config.strategy", "missing; expected the benchmark's scheduling strategy")
            }
            let type = strategy.first(["type_", "type"])?.string ?? ""
            let arrivals: ArrivalProcess
            switch type {
            case "synchronous": arrivals = .closed(users: 1, thinkSeconds: 0)
            case "concurrent":
                guard let streams = strategy["streams"] else { throw strategy.error("streams", "missing; a concurrent benchmark has a stream count") }
                arrivals = .closed(users: try streams.count(maximum: InputLimits.maximumClosedLoopUsers), thinkSeconds: 0)
            case "throughput":
                let cap = try strategy["max_concurrency"].map { c throws(InputError) in try c.count(maximum: InputLimits.maximumClosedLoopUsers) }
                arrivals = .closed(users: min(cap ?? count, count), thinkSeconds: 0)
            case "constant", "poisson":
                guard let rate = strategy["rate"] else { throw strategy.error("rate", "missing; a \(type) benchmark has a rate") }
                arrivals = type == "poisson" ? .poisson(rate: try rate.number()) : .gamma(rate: try rate.number(), cv: 0.01)
            default:
                throw strategy.error("type_", "'\(type)' is not a strategy replayed here; expected synchronous, concurrent, throughput, constant or poisson")
            }
            func law(_ key: String) throws(InputError) -> LengthLaw {
                guard let s = successful(key), let lo = s["min"], let hi = s["max"] else {
                    throw metrics.error(key, "missing, or without min and max; expected the token counts of the successful requests")
                }
                var points: [(q: Double, tokens: Double)] = []
                for (q, k) in [(0.01, "p01"), (0.05, "p05"), (0.1, "p10"), (0.25, "p25"), (0.5, "p50"), (0.75, "p75"), (0.9, "p90"), (0.95, "p95"), (0.99, "p99")] {
                    if let v = s.first(["percentiles.\(k)"]) { points.append((q, try v.number())) }
                }
                guard let law = LengthLaw.summarised(minimum: try lo.number(), percentiles: points, maximum: try hi.number()) else {
                    throw s.error(nil, "the token counts' min, percentiles and max do not rise, or fall outside 1 to \(InputLimits.maximumTokens)")
                }
                return law
            }
            let model = b.first(["worker.backend_model", "config.backend.model", "config.model", "args.model"])?.string
                ?? root.first(["args.model", "metadata.model"])?.string
            runs.append(BenchmarkRun(name: "\(stem) #\(i) \(type)", source: "\(path)#\(i)", checksum: checksum, deployment: .init(model: model),
                                     load: .requests(arrivals, count: count),
                                     lengths: .independent(prompt: try law("prompt_token_count"), output: try law("output_token_count")),
                                     lengthsMeasured: true, measured: figures))
        }
        return runs
    }
}
