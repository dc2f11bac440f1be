/// An SLO-unaware baseline: a fixed fleet, every request routed at once, a static token budget.
protocol StaticBudgetPolicy: SchedulingPolicy {
    var budget: Double { get }
}

extension StaticBudgetPolicy {
    var autoscales: Bool { false }
    var queuesInRouter: Bool { false }
    func tokenBudget(_ instance: Instance, fleet: Fleet) -> Double { budget }
}

/// Each request to a uniformly random instance.
struct RandomPolicy: StaticBudgetPolicy {
    var rng: SeededGenerator
    let budget: Double
    mutating func route(_ slot: Slot, fleet: inout Fleet) -> Int? { Int(rng.unit() * Double(fleet.instances.count)) }
}

/// Each request to the instance with the shortest current iteration (fewest residents on ties).
struct MinimalPolicy: StaticBudgetPolicy {
    let budget: Double
    mutating func route(_ slot: Slot, fleet: inout Fleet) -> Int? {
        fleet.instances.indices.min { a, b in
            let x = fleet.instances[a], y = fleet.instances[b]
            return (x.busy ? x.lastIterationMs : 0, x.residents) < (y.busy ? y.lastIterationMs : 0, y.residents)
        }
    }
}

/// Co-located chunked prefill, least-loaded routing (least projected KV).
struct CoChunkPolicy: StaticBudgetPolicy {
    let budget: Double
    mutating func route(_ slot: Slot, fleet: inout Fleet) -> Int? {
        fleet.instances.indices.min { fleet.projection($0).kv < fleet.projection($1).kv }
    }
}

/// Ablation: a static split of the fleet per bin by token load; no sharing,
/// no gradient, no autoscaling; least-loaded within the bin; dynamic chunking.
struct PartitionedPolicy: SchedulingPolicy {
    var autoscales: Bool { false }
    var queuesInRouter: Bool { false }
    func tokenBudget(_ instance: Instance, fleet: Fleet) -> Double { dynamicBudget(instance, fleet: fleet) }

    func prepare(_ fleet: inout Fleet, workload: Workload) {
        let n = fleet.instances.count, bins = fleet.levelsSeconds.count
        var load = Array(repeating: 0.0, count: bins)
        for (t, tier) in workload.tiers.enumerated() {
            load[fleet.levelsSeconds.firstIndex { abs($0 - tier.tpotMs / 1000) < 1e-12 }!] += workload.tierRates[t] * tier.meanTokens
        }
        let total = load.reduce(0, +)
        // Largest remainder, at least one server per bin when the fleet allows.
        var counts = load.map { n >= bins ? max(1, Int(Double(n) * $0 / total)) : 0 }
        while counts.reduce(0, +) > n, let i = counts.indices.max(by: { counts[$0] < counts[$1] }) { counts[i] -= 1 }
        while counts.reduce(0, +) < n {
            let i = load.indices.max { load[$0] / Double(counts[$0] + 1) < load[$1] / Double(counts[$1] + 1) }!
            counts[i] += 1
        }
        var next = 0
        for (bin, count) in counts.enumerated() {
            for _ in 0..<count { fleet.instances[next].bin = bin; fleet.members[bin].append(next); next += 1 }
        }
    }

    mutating func route(_ slot: Slot, fleet: inout Fleet) -> Int? {
        let bin = fleet.bin(of: slot.request)
        let pool = fleet.members[bin].isEmpty ? Array(fleet.instances.indices) : fleet.members[bin]
        return pool.min { fleet.projection($0).kv < fleet.projection($1).kv }
    }
}
