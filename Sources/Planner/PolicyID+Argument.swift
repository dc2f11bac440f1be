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
struct FleetMix {
    var counts: [Int]

    /// Parses `--mix`, saying which rule a value breaks (used as the option's transform).
    static func parse(_ argument: String) throws -> FleetMix {
        var counts: [Int] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let n = Int(part) else { throw ValidationError("'\(part)' is not a whole number of instances; give one count per profile, like 3,24") }
            guard (0...RunLimits.instanceCeiling).contains(n) else { throw ValidationError("\(n) instances is outside 0 to \(RunLimits.instanceCeiling)") }
            counts.append(n)
        }
        let total = counts.reduce(0, +)
        guard total >= 1 else { throw ValidationError("the mix has no instance; give at least one") }
        guard total <= RunLimits.instanceCeiling else { throw ValidationError("the mix totals \(total) instances; at most \(RunLimits.instanceCeiling)") }
        return FleetMix(counts: counts)
    }
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
