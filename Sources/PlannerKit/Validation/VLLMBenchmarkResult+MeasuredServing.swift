import Profiling

extension VLLMBenchmarkResult {
    /// The run as `planner validate --measured` replays it: one arrival
    /// process and the client's median and p99 TTFT and TPOT.
    public static func load(path: String, fallback: LengthModel?) throws(InputError) -> MeasuredServing {
        let run = try benchmarkRun(path: path, fallback: fallback)
        guard case let .requests(arrivals, count) = run.load else { preconditionFailure("a vLLM result is one arrival process") }
        return MeasuredServing(name: run.name, source: path, arrivals: arrivals, requests: count, lengths: run.lengths, lengthsMeasured: run.lengthsMeasured,
                               medianTTFTMs: run.measured[.init(.median, .ttft)], medianTPOTMs: run.measured[.init(.median, .tpot)],
                               p99TTFTMs: run.measured[.init(.p99, .ttft)], p99TPOTMs: run.measured[.init(.p99, .tpot)])
    }
}
