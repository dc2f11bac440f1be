import Profiling

/// Splits a mixed fleet over tiers, type by type, by what each tier consumed.
///
/// The rule of ``Finance``, applied to each type on its own: each type's
/// servers (idle time included) are shared among the tiers in proportion to
/// the busy time each tier used on that type, averaged over replications. A
/// tier's GPUs and dollars are the sums over types, so they add up to the
/// fleet's. A type that never ran is split by the tiers' consumption over the
/// whole fleet, so no tier is ever billed nothing for traffic it sent.
struct MixedFinance {
    let workload: Workload
    let profiles: [LatencyProfile]
    let mix: [Int]
    let results: [SimulationResult]
    /// Per type, each tier's share of its busy time (summing to 1).
    let shares: [[Double]]

    init(workload: Workload, profiles: [LatencyProfile], mix: [Int], results: [SimulationResult]) {
        self.workload = workload
        self.profiles = profiles
        self.mix = mix
        self.results = results
        self.shares = Self.shares(tiers: workload.tiers.count, types: profiles.count, results: results)
    }

    static func shares(tiers tierCount: Int, types: Int, results: [SimulationResult]) -> [[Double]] {
        let overall = Finance.shares(results) ?? Array(repeating: 1 / Double(tierCount), count: tierCount)
        return (0..<types).map { g in
            var sum = Array(repeating: 0.0, count: tierCount)
            var counted = 0
            for r in results {
                guard let busy = r.serverTypes?[g].busyInstanceSeconds else { continue }
                let total = busy.reduce(0, +)
                guard total > 0 else { continue }
                for t in sum.indices { sum[t] += busy[t] / total }
                counted += 1
            }
            return counted > 0 ? sum.map { $0 / Double(counted) } : overall
        }
    }

    func gpus(_ g: Int) -> Double { Double(mix[g] * profiles[g].metadata.gpusPerInstance) }
    func dollarsPerHour(_ g: Int) -> Double { gpus(g) * profiles[g].metadata.pricePerGPUHour }

    func typePlans(bound: BoundSolution) -> [MixedPlan.TypePlan] {
        profiles.indices.map { g in
            let name = profiles[g].metadata.serverType
            let first = results.first?.serverTypes?[g]
            let ran = first.map { $0.busyInstanceSeconds.contains { $0 > 0 } } ?? false
            let driver = shares[g].indices.max { shares[g][$0] < shares[g][$1] }
            return MixedPlan.TypePlan(
                type: name, instances: mix[g], gpus: Int(gpus(g)), dollarsPerHour: dollarsPerHour(g),
                dollarsPerMonth: dollarsPerHour(g) * PlanRunner.hoursPerMonth, tierShares: shares[g],
                drivenBy: mix[g] > 0 && ran ? driver.map { workload.tiers[$0].name } : nil,
                meanServersPerBin: first?.bins.map(\.mean) ?? [],
                boundInstancesPerBin: bound.bins.map { $0.instances[name] ?? 0 })
        }
    }

    func tierPlans(at evaluation: ReplicatedRun.Evaluation) -> [MixedPlan.TierPlan] {
        workload.tiers.enumerated().map { t, tier in
            let byType = profiles.indices.map { gpus($0) * shares[$0][t] }
            let dollars = profiles.indices.map { byType[$0] * profiles[$0].metadata.pricePerGPUHour * PlanRunner.hoursPerMonth }
            let perMonth = dollars.reduce(0, +)
            let millionsPerMonth = workload.tierRates[t] * tier.lengths.meanOutput * 3600 * PlanRunner.hoursPerMonth / 1e6
            let sla = evaluation.tiers[t]
            return MixedPlan.TierPlan(
                tier: tier.name, tpotMs: tier.tpotMs, rateRps: workload.tierRates[t], attainmentTarget: sla.target,
                attainment: sla.worst, attainmentMean: sla.mean, meetsTarget: sla.meetsTarget, gpusByType: byType,
                dollarsPerMonthByType: dollars, gpus: byType.reduce(0, +), dollarsPerMonth: perMonth,
                dollarsPerMillionOutputTokens: millionsPerMonth > 0 ? perMonth / millionsPerMonth : nil)
        }
    }
}
