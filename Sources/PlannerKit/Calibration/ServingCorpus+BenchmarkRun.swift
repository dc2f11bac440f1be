import Foundation
import Profiling

extension ServingCorpus {
    /// The experiments `ids` of the corpus as benchmark runs, in the order
    /// given, each recording the checksum of `latency.csv`.
    public func benchmarkRuns(experiments ids: [String]) throws(InputError) -> [BenchmarkRun] {
        let latency = URL(fileURLWithPath: folder).appendingPathComponent("latency.csv").path
        let checksum = sha256Hex(try InputError.contents(of: latency))
        return try ids.map { id throws(InputError) in
            guard let run = runs.first(where: { $0.experiment == id }) else {
                throw InputError(source: folder, field: "experiment", "'\(id)' is not an experiment of the corpus; it has \(runs.map(\.experiment).joined(separator: ", "))")
            }
            return BenchmarkRun(run, source: "\(latency)#\(id)", checksum: checksum)
        }
    }
}
