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

/// Instances of each profile, in the order the profiles are given: `--mix 3,24`.
struct FleetMix: ExpressibleByArgument {
    var counts: [Int]
    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! >= 0 && $0! <= RunLimits.instanceCeiling }) else { return nil }
        counts = parts.map { $0! }
        guard counts.reduce(0, +) >= 1 else { return nil }
    }
    static var defaultValueDescription: String { "N,M,…" }
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
extension ServingMode: ExpressibleByArgument {}

/// `--serving colocated|disaggregated|both`.
enum ServingChoice: String, ExpressibleByArgument, CaseIterable {
    case colocated, disaggregated, both
    var modes: [ServingMode] {
        switch self {
        case .colocated: [.colocated]
        case .disaggregated: [.disaggregated]
        case .both: [.colocated, .disaggregated]
        }
    }
}
