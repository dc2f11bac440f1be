/// Baseline: the scoring of production prefix-aware routers (llm-d's
/// inference scheduler with its prefix-cache, KV-utilisation and queue
/// scorers; Dynamo's KV router weighs overlap against load the same way).
/// Each instance scores
///
///     2 · (share of the prompt's prefix blocks it holds)
///       + (share of its KV cache free, cached blocks nobody uses counted free)
///       + (how short its queue is, 1 for the shortest, 0 for the longest)
///
/// counting what is already promised the moment a request arrives: KV holds
/// the prompts routed there but not yet prefilled, and the queue every
/// request without its first token (a router counts its own recent picks
/// the same way). Counting only what has run would send every arrival
/// between two iterations to the same server.
///
/// and the request goes to the best score, the lowest id on ties. Prefix
/// overlap counts double, as the routers' default weights have it, so a warm
/// cache wins unless the server is much busier. SLO-unaware: a fixed fleet
/// and a static token budget. Without prefixes it balances KV and queues.
struct PrefixAwarePolicy: StaticBudgetPolicy {
    let budget: Double

    /// O(instances · prefix blocks).
    mutating func route(_ slot: Slot, fleet: Fleet) -> Int {
        let blocks = Double(slot.request.prefixBlocks)
        var longest = 0, shortest = Int.max
        for id in fleet.instances.indices {
            longest = max(longest, queue(id, fleet))
            shortest = min(shortest, queue(id, fleet))
        }
        var best = 0, bestScore = -Double.infinity
        for id in fleet.instances.indices {
            let overlap = blocks > 0 ? Double(fleet.instances[id].cachedPrefixBlocks(of: slot.request)) / blocks : 0
            let capacity = Double(fleet.profiles[fleet.instances[id].type].metadata.kvCapacityTokens)
            let inUse = fleet.instances[id].kvUsed + fleet.instances[id].prefillAhead - (fleet.instances[id].cache?.evictableTokens ?? 0)
            let free = max(0, 1 - Double(inUse) / capacity)
            let shortness = longest > shortest ? Double(longest - queue(id, fleet)) / Double(longest - shortest) : 1
            let score = 2 * overlap + free + shortness
            if score > bestScore { best = id; bestScore = score }
        }
        return best
    }

    /// Requests on `id` without their first token: waiting or prefilling.
    private func queue(_ id: Int, _ fleet: Fleet) -> Int {
        fleet.instances[id].waiting.count + fleet.instances[id].prefilling.count
    }
}
