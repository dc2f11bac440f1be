import Profiling

/// Which server type a bin takes from the idle pool when it scales up, for
/// fleets that mix GPU types or parallelism: per bin, the types in order of
/// preference. A bin takes the first type that has an idle server.
///
/// The default rule (``cheapestPerCapacity(workload:profiles:)``) ranks types
/// by dollars per request of steady-state capacity at the bin's TPOT. A plan
/// uses the bound's assignment instead (``fromBound(_:workload:profiles:)``):
/// the types the cost-optimal bound puts in the bin first, most GPUs first,
/// then the rest by the default rule. A type that cannot run one token within
/// the bin's TPOT is never listed for it (a server it took would miss every
/// token), unless no type can.
public struct ScaleUpOrder: Sendable, Equatable, Codable {
    /// `types[bin]`: profile indices, most preferred first; every type appears once.
    public var types: [[Int]]

    public init(types: [[Int]]) { self.types = types }

    /// Requests of a bin's tiers one server of `profile` carries in steady
    /// state at `binTpotMs`: the largest `r` such that `r` residents, each at the
    /// tiers' mean context (prompt plus half the output) and each adding one
    /// decode token plus its prompt amortised over its output per iteration,
    /// fit the KV cache and an iteration within the bin. 0 when none fits.
    /// O(log(capacity) · log grid size).
    public static func capacity(of profile: LatencyProfile, binTpotMs: Double, meanPrompt: Double, meanOutput: Double) -> Double {
        let context = max(1, meanPrompt + meanOutput / 2)
        let tokensPerResident = 1 + meanPrompt / max(meanOutput, 1)
        let fits = { (r: Double) in profile.iterationMs(tokenBatch: r * tokensPerResident, kvTokens: r * context, sequences: r) <= binTpotMs }
        var lo = 0.0, hi = Double(profile.metadata.kvCapacityTokens) / context
        guard hi >= 1, fits(1) else { return 0 }
        if fits(hi) { return hi }
        lo = 1
        for _ in 0..<50 where hi - lo > 0.01 {
            let mid = (lo + hi) / 2
            if fits(mid) { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Per bin, the types that can pace it, by dollars per hour per request of
    /// capacity at the bin's TPOT (``capacity(of:binTpotMs:meanPrompt:meanOutput:)``,
    /// with the rate-weighted mean lengths of the bin's tiers), cheapest first;
    /// types that carry nothing there but can run a token go after them.
    public static func cheapestPerCapacity(workload: Workload, profiles: [LatencyProfile]) -> ScaleUpOrder {
        let bins = workload.tpotBinsMs
        return ScaleUpOrder(types: bins.map { bin in
            let members = workload.tiers.indices.filter { workload.tiers[$0].tpotMs == bin }
            let rate = members.reduce(0) { $0 + workload.tierRates[$1] }
            let weight = { (t: Int) in rate > 0 ? workload.tierRates[t] / rate : 1 / Double(members.count) }
            let prompt = members.reduce(0) { $0 + weight($1) * workload.tiers[$1].lengths.meanPrompt }
            let output = members.reduce(0) { $0 + weight($1) * workload.tiers[$1].lengths.meanOutput }
            let costs = profiles.map { p -> Double in
                let carried = capacity(of: p, binTpotMs: bin, meanPrompt: prompt, meanOutput: output)
                return carried > 0 ? Double(p.metadata.gpusPerInstance) * p.metadata.pricePerGPUHour / carried : .infinity
            }
            let ranked = profiles.indices.sorted { (costs[$0], $0) < (costs[$1], $1) }
            let capable = ranked.filter { paces(profiles[$0], binTpotMs: bin) }
            return capable.isEmpty ? ranked : capable
        })
    }

    /// Whether a server of `profile` can run an iteration of one token within `binTpotMs`.
    public static func paces(_ profile: LatencyProfile, binTpotMs: Double) -> Bool {
        profile.largestTokenBatch(withinMs: binTpotMs, kvTokens: 0) >= 1
    }

    /// The bound's assignment first: in each bin, the types it gives
    /// servers, most GPUs first; then the remaining types by the default rule.
    public static func fromBound(_ bound: BoundSolution, workload: Workload, profiles: [LatencyProfile]) -> ScaleUpOrder {
        let fallback = cheapestPerCapacity(workload: workload, profiles: profiles)
        return ScaleUpOrder(types: workload.tpotBinsMs.enumerated().map { bin, tpotMs in
            let gpus = bound.bins.first { $0.tpotMs == tpotMs }?.gpus ?? [:]
            let assigned = profiles.indices.filter { (gpus[profiles[$0].metadata.serverType] ?? 0) > 0 }
                .sorted { (-(gpus[profiles[$0].metadata.serverType] ?? 0), $0) < (-(gpus[profiles[$1].metadata.serverType] ?? 0), $1) }
            return assigned + fallback.types[bin].filter { !assigned.contains($0) }
        })
    }
}
