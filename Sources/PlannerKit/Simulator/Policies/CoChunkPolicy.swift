/// Baseline: co-located chunked prefill with a static token budget,
/// least-loaded routing (least projected KV over the server's cache, so a
/// mixed fleet compares servers by how full they would be).
struct CoChunkPolicy: StaticBudgetPolicy {
    let budget: Double

    mutating func route(_ slot: Slot, fleet: Fleet) -> Int {
        fleet.instances.indices.min { fleet.lessLoadedByKV($0, $1) }!
    }
}
