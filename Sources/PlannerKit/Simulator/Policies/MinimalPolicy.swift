/// Baseline: each request to the instance with the shortest current iteration
/// (cycle) time, fewest residents on ties.
struct MinimalPolicy: StaticBudgetPolicy {
    let budget: Double

    mutating func route(_ slot: Slot, fleet: Fleet) -> Int {
        fleet.instances.indices.min { a, b in
            let x = fleet.instances[a], y = fleet.instances[b]
            return (x.busy ? x.lastIterationMs : 0, x.residents) < (y.busy ? y.lastIterationMs : 0, y.residents)
        }!
    }
}
