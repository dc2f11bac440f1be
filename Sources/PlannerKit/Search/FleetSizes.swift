/// Fleets of one server type, by size: a ``ScreenedSearch`` space.
///
/// Grow doubles the size; the descent bisects between the largest size seen
/// to miss and the smallest seen to meet, and an answer `n` is only final
/// with `n − 1` seen to miss: when the size below the start was never run it
/// is tried, and should it meet, the bisection restarts from zero below it.
/// Attainment need not be monotone in fleet size (noise, the order in which
/// servers fill), which is why the neighbour is run rather than assumed.
/// A confirmation that misses adds one instance.
public struct FleetSizes<Verdict: SearchVerdict>: ScreenedSearchSpace {
    /// The largest fleet tried, in instances.
    public var maximum: Int
    let evaluator: @Sendable (_ instances: Int, _ screen: Bool) throws -> Verdict

    /// A space whose points `evaluate` judges (a simulation, or a stub in tests).
    public init(maximum: Int, evaluate: @escaping @Sendable (_ instances: Int, _ screen: Bool) throws -> Verdict) {
        self.maximum = maximum
        evaluator = evaluate
    }

    public func first(from start: Int) -> Int { min(max(1, start), maximum) }

    public func evaluate(_ instances: Int, screen: Bool) throws -> Verdict { try evaluator(instances, screen) }

    public func grow(from instances: Int, missed _: Verdict, screen _: (Int) throws -> Verdict) throws -> Int? {
        instances >= maximum ? nil : min(maximum, instances * 2)
    }

    public func descents(from instances: Int, start: Int, screened: [Int: Verdict]) -> [Int] {
        let missed = screened.lazy.filter { $0.key < instances && !$0.value.meets }.map(\.key).max()
        if let missed { return instances - missed > 1 ? [(missed + instances) / 2] : [] }
        guard instances > 1 else { return [] }
        // At the start, its neighbour; below it (the neighbour met), bisect from zero.
        return instances == start ? [instances - 1] : [instances / 2]
    }

    public func regrow(from instances: Int, missed _: Verdict, screen _: (Int) throws -> Verdict) throws -> Int? {
        instances >= maximum ? nil : instances + 1
    }
}

extension FleetSizes where Verdict == ReplicatedRun.Evaluation {
    /// Sizes of `run`'s fleet, screened with its first replication.
    public init(run: ReplicatedRun, maximum: Int) {
        self.init(maximum: maximum) { instances, screen in try (screen ? run.screen : run).evaluate(instances: instances) }
    }
}
