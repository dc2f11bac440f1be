import Profiling

/// The router's view of the fleet: instances, bins and the idle pool.
struct Fleet {
    var instances: [Instance] = []
    /// Instances in each bin (index into `levelsSeconds`).
    var members: [[Int]]
    var idle: [Int] = []
    /// Bin TPOT values in seconds, tightest first.
    let levelsSeconds: [Double]
    let profile: LatencyProfile
    /// Per-tier facts, among them the class-average output used for admission (never the true length).
    let tiers: TierTable
    /// Whether new servers may be created when the idle pool is empty.
    let unbounded: Bool
    var now = 0.0
    /// Bins whose membership changed since the simulation last looked.
    var changedBins: [Int] = []
    /// Seconds a server taken from the idle pool needs before its first iteration.
    var provisioningDelay = 0.0
    /// Servers taken from the pool that are still being provisioned, not yet announced to the simulation.
    var provisioning: [Int] = []

    var kvCapacity: Double { Double(profile.metadata.kvCapacityTokens) }

    func bin(of request: Request) -> Int {
        levelsSeconds.firstIndex { abs($0 - request.tpotSLO) < 1e-12 } ?? 0
    }

    /// Takes a server from the idle pool (creating one when unbounded) into `bin`.
    mutating func scaleUp(into bin: Int) -> Int? {
        let id: Int
        if let last = idle.popLast() { id = last }
        else if unbounded { id = instances.count; instances.append(Instance(id: id, tiers: tiers)) }
        else { return nil }
        instances[id].bin = bin
        members[bin].append(id)
        changedBins.append(bin)
        if provisioningDelay > 0 {
            // Busy until ready: routing's TTFT prediction counts the wait like a running iteration.
            instances[id].busy = true
            instances[id].iterationEnd = now + provisioningDelay
            provisioning.append(id)
        }
        return id
    }

    mutating func release(_ id: Int) {
        guard let bin = instances[id].bin else { return }
        members[bin].removeAll { $0 == id }
        instances[id].bin = nil
        idle.append(id)
        changedBins.append(bin)
    }

    /// Steady-state view of an instance if `extra` joined it: token batch per
    /// iteration with each prompt amortised over its expected output, KV with
    /// every request grown to its expected final length, prefill still to do
    /// ahead of `extra`. O(1).
    func projection(_ i: Int, adding extra: Slot? = nil) -> (tokens: Double, kv: Double, prefillAhead: Double, residents: Int) {
        let inst = instances[i]
        var p = (tokens: inst.steadyTokens, kv: inst.projectedKV, prefillAhead: Double(inst.prefillAhead), residents: inst.residents)
        if let extra {
            p.tokens += extra.steadyTokens
            p.kv += extra.projectedKV
            p.residents += 1
        }
        return p
    }
}
