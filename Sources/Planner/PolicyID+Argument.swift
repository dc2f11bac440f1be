import ArgumentParser
import PlannerKit
import Profiling

extension PolicyID: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--instances N` or `--instances auto` (an unbounded idle pool).
struct FleetSize: ExpressibleByArgument {
    var instances: Int?
    init?(argument: String) {
        if argument == "auto" { instances = nil; return }
        guard let n = Int(argument), n >= 1 else { return nil }
        instances = n
    }
}

/// Percentiles as `p50/p90/p99` in one cell; a dash when nothing was measured.
func show(_ p: Percentiles<Double>?, digits: Int = 1) -> String {
    p.map { "\(fmt($0.p50, digits))/\(fmt($0.p90, digits))/\(fmt($0.p99, digits))" } ?? "-"
}

/// A fraction as a percentage, or a dash when there is none.
func percent(_ x: Double?, _ digits: Int = 2) -> String {
    x.map { fmt($0 * 100, digits) } ?? "-"
}

extension SteadyBatch: ExpressibleByArgument {}
