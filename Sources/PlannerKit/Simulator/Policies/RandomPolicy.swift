/// Baseline: each request to a uniformly random instance.
struct RandomPolicy: StaticBudgetPolicy {
    var rng: SeededGenerator
    let budget: Double

    mutating func route(_ slot: Slot, fleet: Fleet) -> Int {
        Int(rng.unit() * Double(fleet.instances.count))
    }
}
