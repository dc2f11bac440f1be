/// Fleets of several server types, by how many of each: a ``ScreenedSearch`` space.
///
/// Grow adds servers (5 % of the fleet, at least one) of the type the most
/// missing tier's bin scales up with first; the descent offers every move
/// that saves money, largest saving first (remove one server of a type, or
/// swap one for a server of a cheaper type; ties in a fixed order, so the
/// search is deterministic); a confirmation that misses adds one server of
/// that type. The answer is a local optimum, not a proven one: the bound's
/// cost is the floor it is compared with.
public struct FleetMixes<Verdict: SearchVerdict>: ScreenedSearchSpace {
    /// The largest fleet tried, in instances.
    public var maximum: Int
    /// Dollars per hour of one server of each type.
    public var price: [Double]
    /// Per tier, the type its bin scales up with first.
    public var typeForTier: [Int]
    /// The type the tightest bin scales up with first: an empty start gets one.
    public var firstType: Int
    let evaluator: @Sendable (_ mix: [Int], _ screen: Bool) throws -> Verdict

    public init(maximum: Int, price: [Double], typeForTier: [Int], firstType: Int,
                evaluate: @escaping @Sendable (_ mix: [Int], _ screen: Bool) throws -> Verdict) {
        precondition(!typeForTier.isEmpty && (typeForTier + [firstType]).allSatisfy(price.indices.contains))
        self.maximum = maximum
        self.price = price
        self.typeForTier = typeForTier
        self.firstType = firstType
        evaluator = evaluate
    }

    /// Dollars per hour of `mix`.
    public func dollarsPerHour(_ mix: [Int]) -> Double { zip(mix, price).reduce(0) { $0 + Double($1.0) * $1.1 } }

    /// `start`, or one server of ``firstType`` when `start` is empty.
    public func first(from start: [Int]) -> [Int] {
        precondition(start.count == price.count)
        var mix = start
        if mix.reduce(0, +) == 0 { mix[firstType] = 1 }
        return mix
    }

    public func evaluate(_ mix: [Int], screen: Bool) throws -> Verdict { try evaluator(mix, screen) }

    func typeToAdd(_ v: Verdict) -> Int { typeForTier[v.mostMissingTier ?? 0] }

    public func grow(from mix: [Int], missed v: Verdict, screen _: ([Int]) throws -> Verdict) throws -> [Int]? {
        let total = mix.reduce(0, +)
        guard total < maximum else { return nil }
        var next = mix
        next[typeToAdd(v)] += min(maximum - total, max(1, total / 20))
        return next
    }

    public func descents(from mix: [Int], start _: [Int], screened _: [[Int]: Verdict]) -> [[Int]] {
        var moves: [(saving: Double, mix: [Int])] = []
        for g in mix.indices where mix[g] > 0 {
            var removed = mix
            removed[g] -= 1
            if removed.reduce(0, +) > 0 { moves.append((price[g], removed)) }
            for h in mix.indices where price[h] < price[g] {
                var swapped = mix
                swapped[g] -= 1
                swapped[h] += 1
                moves.append((price[g] - price[h], swapped))
            }
        }
        moves.sort { $0.saving != $1.saving ? $0.saving > $1.saving : $0.mix.lexicographicallyPrecedes($1.mix) }
        return moves.map(\.mix)
    }

    public func regrow(from mix: [Int], missed v: Verdict, screen _: ([Int]) throws -> Verdict) throws -> [Int]? {
        guard mix.reduce(0, +) < maximum else { return nil }
        var next = mix
        next[typeToAdd(v)] += 1
        return next
    }
}

extension FleetMixes where Verdict == ReplicatedRun.Evaluation {
    /// Mixes of `run`'s server types, priced from their profiles, grown in its
    /// scale-up order (or the cheapest per capacity when it has none).
    public init(run: ReplicatedRun, maximum: Int) {
        let order = run.scaleUpOrder ?? .cheapestPerCapacity(workload: run.workload, profiles: run.profiles)
        let bins = TierTable(workload: run.workload).bin
        self.init(maximum: maximum, price: run.profiles.map { Double($0.metadata.gpusPerInstance) * $0.metadata.pricePerGPUHour },
                  typeForTier: bins.map { order.types[$0][0] }, firstType: order.types[0][0]) { mix, screen in
            try (screen ? run.screen : run).on(mix).evaluate(instances: nil)
        }
    }
}
