/// Baseline: a production KV-aware router (Dynamo's KV router; llm-d's
/// prefix-cache scorer weighed against load works the same way). Each
/// instance costs, in tokens,
///
///     (prompt tokens it would prefill: the prompt less the prefix blocks it holds)
///       + (KV tokens it holds or is promised: running requests' context and
///          prompts routed there but not yet prefilled; cached blocks nobody uses count free)
///
/// and the request goes to the cheapest, the lowest id on ties. A cached
/// prefix is worth exactly the prefill it saves, so a hit wins until its
/// server carries that many more tokens than another; counting promised
/// prompts keeps arrivals between two iterations from herding onto one
/// server. SLO-unaware: a fixed fleet and a static token budget. Without
/// prefixes it is least-KV routing.
struct PrefixAwarePolicy: StaticBudgetPolicy {
    let budget: Double

    /// O(instances · prefix blocks).
    mutating func route(_ slot: Slot, fleet: Fleet) -> Int {
        var best = 0, bestCost = Int.max
        for id in fleet.instances.indices {
            let blockTokens = fleet.instances[id].cache?.blockTokens ?? 0
            let prefill = slot.request.prompt - fleet.instances[id].cachedPrefixBlocks(of: slot.request) * blockTokens
            let load = fleet.instances[id].kvUsed + fleet.instances[id].prefillAhead - (fleet.instances[id].cache?.evictableTokens ?? 0)
            let cost = prefill + load
            if cost < bestCost { best = id; bestCost = cost }
        }
        return best
    }
}
