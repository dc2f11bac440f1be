/// A disaggregated fleet: prefill instances and decode instances.
public struct DisaggregatedFleet: Sendable, Codable, Hashable {
    public var prefill: Int
    public var decode: Int
    public var total: Int { prefill + decode }

    public init(prefill: Int, decode: Int) {
        self.prefill = prefill
        self.decode = decode
    }
}

/// Disaggregated fleets, by prefill and decode instances: a ``ScreenedSearch`` space.
///
/// Grow adds to the side whose extra instances leave the better lowest tier
/// margin (5 % of the fleet, at least one), screening both; the descent
/// removes one instance from either side, prefill first.
public struct FleetSplits<Verdict: SearchVerdict>: ScreenedSearchSpace {
    public var maximum: Int
    let evaluator: @Sendable (_ split: DisaggregatedFleet, _ screen: Bool) throws -> Verdict

    public init(maximum: Int, evaluate: @escaping @Sendable (_ split: DisaggregatedFleet, _ screen: Bool) throws -> Verdict) {
        self.maximum = maximum
        evaluator = evaluate
    }

    public func first(from start: DisaggregatedFleet) -> DisaggregatedFleet { DisaggregatedFleet(prefill: max(1, start.prefill), decode: max(1, start.decode)) }

    public func evaluate(_ s: DisaggregatedFleet, screen: Bool) throws -> Verdict { try evaluator(s, screen) }

    public func grow(from s: DisaggregatedFleet, missed _: Verdict, screen: (DisaggregatedFleet) throws -> Verdict) throws -> DisaggregatedFleet? {
        guard s.total < maximum else { return nil }
        let step = min(maximum - s.total, max(1, s.total / 20))
        let a = DisaggregatedFleet(prefill: s.prefill + step, decode: s.decode), b = DisaggregatedFleet(prefill: s.prefill, decode: s.decode + step)
        let ea = try screen(a), eb = try screen(b)
        if ea.meets != eb.meets { return ea.meets ? a : b }
        return ea.lowestMargin > eb.lowestMargin ? a : b
    }

    public func descents(from s: DisaggregatedFleet, start _: DisaggregatedFleet, screened _: [DisaggregatedFleet: Verdict]) -> [DisaggregatedFleet] {
        [DisaggregatedFleet(prefill: s.prefill - 1, decode: s.decode), DisaggregatedFleet(prefill: s.prefill, decode: s.decode - 1)]
            .filter { $0.prefill >= 1 && $0.decode >= 1 }
    }
}

extension FleetSplits where Verdict == ReplicatedRun.Evaluation {
    /// Splits of `run`'s fleet; `run` has ``ReplicatedRun/disaggregation`` set, and its split is replaced.
    public init(run: ReplicatedRun, maximum: Int) {
        precondition(run.disaggregation != nil, "a split search needs a disaggregated run")
        self.init(maximum: maximum) { split, screen in
            var r = screen ? run.screen : run
            r.prefillSplit = .fixed(split.prefill)
            return try r.evaluate(instances: split.total)
        }
    }
}
