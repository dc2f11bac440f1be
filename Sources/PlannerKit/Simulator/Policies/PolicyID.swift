/// A scheduling policy, by the name the command line and reports use.
/// The one registry of policies: ``make(seed:staticTokenBudget:polyserve:)`` builds each.
public enum PolicyID: String, CaseIterable, Sendable, Codable, Comparable, CustomStringConvertible {
    case polyserve
    case random
    case minimal
    case coChunk = "co-chunk"
    case partitioned
    case prefixAware = "prefix-aware"

    public var description: String { rawValue }

    /// The policies compared against PolyServe.
    public static var baselines: [PolicyID] { allCases.filter { $0 != .polyserve } }

    /// Whether the policy takes servers from an idle pool on demand, and so can
    /// run without a fixed fleet; the others need `instances`.
    public var sizesItsOwnFleet: Bool { self == .polyserve }

    public static func < (a: PolicyID, b: PolicyID) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    func make(seed: UInt64, staticTokenBudget: Int, polyserve options: PolyServeOptions = PolyServeOptions()) -> any SchedulingPolicy {
        let budget = Double(staticTokenBudget)
        return switch self {
        case .polyserve: PolyServePolicy(bins: 0, borrowsLooserServers: options.borrowLooserServers, prefixAffinity: options.prefixAffinity)
        case .random: RandomPolicy(rng: SeededGenerator(seed: seed, stream: 9), budget: budget)
        case .minimal: MinimalPolicy(budget: budget)
        case .coChunk: CoChunkPolicy(budget: budget)
        case .partitioned: PartitionedPolicy()
        case .prefixAware: PrefixAwarePolicy(budget: budget)
        }
    }
}
