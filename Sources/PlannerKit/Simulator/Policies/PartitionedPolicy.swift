/// Ablation: a static split of the fleet per bin by token load; no sharing,
/// no gradient, no autoscaling; least-loaded (projected KV) within the bin;
/// PolyServe's dynamic chunking.
struct PartitionedPolicy: SchedulingPolicy {
    var tokenBudget: TokenBudget { .dynamic }

    /// Servers per bin in proportion to the bin's token load (largest
    /// remainder), at least one per bin when the fleet allows.
    func prepare(_ fleet: inout Fleet, workload: Workload) {
        let n = fleet.instances.count, bins = fleet.levelsSeconds.count
        var load = Array(repeating: 0.0, count: bins)
        for (t, tier) in workload.tiers.enumerated() {
            load[fleet.tiers.level[t]] += workload.tierRates[t] * tier.meanTokens
        }
        let total = load.reduce(0, +)
        var counts = load.map { n >= bins ? max(1, Int(Double(n) * $0 / total)) : 0 }
        while counts.reduce(0, +) > n, let i = counts.indices.max(by: { counts[$0] < counts[$1] }) { counts[i] -= 1 }
        while counts.reduce(0, +) < n {
            let i = load.indices.max { load[$0] / Double(counts[$0] + 1) < load[$1] / Double(counts[$1] + 1) }!
            counts[i] += 1
        }
        var next = 0
        for (bin, count) in counts.enumerated() {
            for _ in 0..<count { fleet.assign(next, to: bin); next += 1 }
        }
    }

    mutating func arrived(_ slot: Slot, fleet: inout Fleet) {
        let bin = fleet.tiers.level[slot.request.tier]
        let pool = fleet.members[bin].isEmpty ? Array(fleet.instances.indices) : fleet.members[bin]
        let id = pool.min { fleet.projection($0).kv < fleet.projection($1).kv }!
        fleet.place(slot, on: id, budget: .dynamic)
    }
}
