/// Independent seeds for repeating one simulation: the first is the
/// workload's own seed (so one replication reproduces a single run), the rest
/// are drawn from a generator seeded with it.
public struct Replications: Sendable, Equatable, Codable {
    public var seeds: [UInt64]

    /// - Precondition: `count >= 1` (validated where the user gives it).
    public init(count: Int, baseSeed: UInt64) {
        precondition(count >= 1, "at least one replication")
        var rng = SeededGenerator(seed: baseSeed, stream: 300)
        seeds = [baseSeed] + (1..<max(count, 1)).map { _ in rng.next() }
    }

    public var count: Int { seeds.count }

    /// The most replications a command accepts.
    public static let limit = 100
}
