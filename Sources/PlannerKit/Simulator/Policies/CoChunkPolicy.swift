/// Baseline: co-located chunked prefill with a static token budget,
/// least-loaded routing (least projected KV).
struct CoChunkPolicy: StaticBudgetPolicy {
    let budget: Double

    mutating func route(_ slot: Slot, fleet: Fleet) -> Int {
        fleet.instances.indices.min { fleet.projection($0).kv < fleet.projection($1).kv }!
    }
}
