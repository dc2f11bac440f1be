import Foundation

/// Instances of each server type, in the order of the profiles: `3,24` is
/// three of the first profile and 24 of the second.
public struct FleetMix: Sendable, Equatable {
    public var counts: [Int]

    public var total: Int { counts.reduce(0, +) }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Parses `N,M,…`, saying which rule a value breaks: each a whole number
    /// from 0 to ``RunLimits/instanceCeiling``, at least one instance in all,
    /// and no more than the ceiling in all.
    public init(parsing text: String) throws(ParseError) {
        var counts: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let n = Int(part) else { throw ParseError(description: "'\(part)' is not a whole number of instances; give one count per profile, like 3,24") }
            guard (0...RunLimits.instanceCeiling).contains(n) else { throw ParseError(description: "\(n) instances is outside 0 to \(RunLimits.instanceCeiling)") }
            counts.append(n)
        }
        let total = counts.reduce(0, +)
        guard total >= 1 else { throw ParseError(description: "the mix has no instance; give at least one") }
        guard total <= RunLimits.instanceCeiling else { throw ParseError(description: "the mix totals \(total) instances; at most \(RunLimits.instanceCeiling)") }
        self.counts = counts
    }
}
