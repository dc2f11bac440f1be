/// Ablation: a static split of the fleet per bin by token load; no sharing,
/// no gradient, no autoscaling; least-loaded (projected KV over the server's cache) within the bin;
/// PolyServe's dynamic chunking.
struct PartitionedPolicy: SchedulingPolicy {
    var tokenBudget: TokenBudget { .dynamic }

    /// Servers per bin in proportion to the bin's token load (largest
    /// remainder), at least one per bin when the fleet allows.
    func prepare(_ fleet: inout Fleet, workload: Workload) {
        let n = fleet.instances.count, bins = fleet.binTpotSeconds.count
        var load = Array(repeating: 0.0, count: bins)
        for (t, tier) in workload.tiers.enumerated() {
            load[fleet.tiers.bin[t]] += workload.tierRates[t] * tier.meanTokens
        }
        let total = load.reduce(0, +)
        var counts = load.map { n >= bins ? max(1, Int(Double(n) * $0 / total)) : 0 }
        while counts.reduce(0, +) > n, let i = counts.indices.max(by: { counts[$0] < counts[$1] }) { counts[i] -= 1 }
        while counts.reduce(0, +) < n {
            let i = load.indices.max { load[$0] / Double(counts[$0] + 1) < load[$1] / Double(counts[$1] + 1) }!
            counts[i] += 1
        }
        // A mixed fleet gives its fastest servers (lowest iteration time at batch 1) to the tightest bins.
        let speed = fleet.profiles.map(\.table.minimumIterationMs)
        let ids = fleet.instances.indices.sorted { (speed[fleet.instances[$0].type], $0) < (speed[fleet.instances[$1].type], $1) }
        var next = 0
        for (bin, count) in counts.enumerated() {
            for _ in 0..<count { fleet.assign(ids[next], to: bin); next += 1 }
        }
    }

    mutating func arrived(_ slot: Slot, fleet: inout Fleet) {
        let bin = fleet.tiers.bin[slot.request.tier]
        let pool = fleet.members[bin].isEmpty ? Array(fleet.instances.indices) : fleet.members[bin]
        let id = pool.min { fleet.lessLoadedByKV($0, $1) }!
        fleet.place(slot, on: id, budget: .dynamic)
    }
}
