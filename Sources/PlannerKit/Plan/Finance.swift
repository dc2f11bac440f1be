import Profiling

/// Splits fleets over tiers by what each tier consumed, and prices them.
///
/// Cost by consumption: in a simulation each iteration's time is divided
/// among the requests in it by the tokens each processes (a decode token, or
/// its prefill chunk). Idle server time is shared in proportion to that busy
/// time, so a tier's share of the fleet is its share of the busy time. Every
/// tier with traffic processes tokens, so every such tier gets a positive
/// share, and the shares sum to one: tier GPUs add up to the fleet's.
/// The bound's GPUs of each bin are split by the token load each tier puts
/// on it (attained and late requests alike).
struct Finance {
    let workload: Workload
    let profile: LatencyProfile
    let hoursPerMonth: Double
    /// Disaggregated: the autoscaled run's fixed prefill instances, added to its servers in bins.
    var autoscaledPrefillInstances = 0

    var gpusPerInstance: Double { Double(profile.metadata.gpusPerInstance) }
    var price: Double { profile.metadata.pricePerGPUHour }

    /// What `instances` servers cost a month.
    func dollarsPerMonth(instances: Int) -> Double { Double(instances) * gpusPerInstance * price * hoursPerMonth }

    /// Mean consumption shares over `results`, normalised to sum to 1; `nil` when no iteration ran.
    static func shares(_ results: [SimulationResult]) -> [Double]? {
        let each = results.compactMap(\.consumptionShares)
        guard let first = each.first else { return nil }
        var mean = first.indices.map { t in each.reduce(0) { $0 + $1[t] } / Double(each.count) }
        let sum = mean.reduce(0, +)
        for t in mean.indices { mean[t] /= sum }
        return mean
    }

    /// GPUs of the bound's solution attributed to each tier.
    func boundGPUs(_ bound: BoundSolution) -> [Double] {
        var gpus = Array(repeating: 0.0, count: workload.tiers.count)
        for (l, bin) in bound.bins.enumerated() {
            let binGPUs = Double(bin.gpus.values.reduce(0, +))
            guard binGPUs > 0 else { continue }
            let loads = bound.tiers.indices.map { i in
                bound.tiers[i].loadShare[l].share * bound.tiers[i].processedRps * workload.tiers[i].meanTokens
            }
            let total = loads.reduce(0, +)
            guard total > 0 else { continue }
            for t in gpus.indices { gpus[t] += binGPUs * loads[t] / total }
        }
        // Disaggregated: the prefill instances, split by the prompt tokens each tier sends.
        if let prefill = bound.prefillInstances, prefill > 0 {
            let prompts = bound.tiers.indices.map { bound.tiers[$0].processedRps * workload.tiers[$0].lengths.meanPrompt }
            let total = prompts.reduce(0, +)
            if total > 0 { for t in gpus.indices { gpus[t] += Double(prefill) * gpusPerInstance * prompts[t] / total } }
        }
        return gpus
    }

    func outputTokensPerHour(_ t: Int) -> Double { workload.tierRates[t] * workload.tiers[t].lengths.meanOutput * 3600 }

    /// Per-tier plans. `planned` is PolyServe's fleet in instances with its
    /// evaluation there; `baselines` each baseline's fleet GPUs and shares.
    func tiers(bounds: Plan.Bounds, autoscaled: SimulationResult, planned: Int, at fleet: ReplicatedRun.Evaluation,
               baselines: [Plan.PolicyPlan]) -> [Plan.TierPlan] {
        let boundShares = boundGPUs(bounds.sizing), clairvoyantGPUs = boundGPUs(bounds.sizingClairvoyant)
        let shares = Self.shares(fleet.results) ?? Array(repeating: 1 / Double(workload.tiers.count), count: workload.tiers.count)
        let autoscaledShares = autoscaled.consumptionShares ?? shares
        let fleetGPUs = Double(planned) * gpusPerInstance
        let prefill = Double(autoscaledPrefillInstances)
        let peak = (Double(autoscaled.bins.reduce(0) { $0 + $1.peak }) + prefill) * gpusPerInstance
        let p95 = (Double(autoscaled.bins.reduce(0) { $0 + $1.p95 }) + prefill) * gpusPerInstance
        let mean = (autoscaled.bins.reduce(0) { $0 + $1.mean } + prefill) * gpusPerInstance
        var plans = workload.tiers.enumerated().map { t, tier -> Plan.TierPlan in
            let sla = fleet.tiers[t]
            let gpus = fleetGPUs * shares[t]
            let perHour = gpus * price
            let millions = outputTokensPerHour(t) / 1e6
            var baselineGPUs: [String: Double?] = [:]
            for b in baselines {
                baselineGPUs[b.policy.rawValue] = b.fleetGpus.flatMap { n in b.consumptionShares.map { Double(n) * $0[t] } }
            }
            return Plan.TierPlan(
                tier: tier.name, tpotMs: tier.tpotMs, ttftMs: tier.ttftChoicesMs, rateRps: workload.tierRates[t],
                attainmentTarget: sla.target, attainment: sla.worst, attainmentMean: sla.mean, attainmentInterval95: sla.interval95,
                meetsTarget: sla.meetsTarget, boundGpus: boundShares[t], boundClairvoyantGpus: clairvoyantGPUs[t],
                polyserveGpusPeak: peak * autoscaledShares[t], polyserveGpusP95: p95 * autoscaledShares[t],
                polyserveGpusMean: mean * autoscaledShares[t], baselineGpus: baselineGPUs, plannedGpus: gpus,
                gpuHoursPerDay: gpus * 24, gpuHoursPerMonth: gpus * hoursPerMonth, dollarsPerHour: perHour,
                dollarsPerMonth: perHour * hoursPerMonth, dollarsPerMillionOutputTokens: millions > 0 ? perHour / millions : nil,
                premiumOverLoosest: nil)
        }
        // The loosest tier: largest TPOT, then largest TTFT, first in the file on ties.
        let loosest = workload.tiers.indices.max { a, b in
            (workload.tiers[a].tpotMs, workload.tiers[a].ttftChoicesMs.max()!, -a) < (workload.tiers[b].tpotMs, workload.tiers[b].ttftChoicesMs.max()!, -b)
        }!
        if let base = plans[loosest].dollarsPerMillionOutputTokens, base > 0 {
            for i in plans.indices { plans[i].premiumOverLoosest = plans[i].dollarsPerMillionOutputTokens.map { $0 / base } }
        }
        return plans
    }

    /// The total row over `tiers`.
    /// The total row: the fleet itself (the tiers' shares add up to it within rounding).
    func total(of tiers: [Plan.TierPlan], fleet instances: Int, bounds: Plan.Bounds, baselines: [Plan.PolicyPlan]) -> Plan.Total {
        let planned = Double(instances) * gpusPerInstance
        let perHour = planned * price
        let millions = workload.tiers.indices.reduce(0) { $0 + outputTokensPerHour($1) } / 1e6
        var baselineGPUs: [String: Double?] = [:]
        for b in baselines { baselineGPUs[b.policy.rawValue] = b.fleetGpus.map(Double.init) }
        return Plan.Total(
            rateRps: workload.totalRate, boundGpus: bounds.sizing.totalGpus, boundClairvoyantGpus: bounds.sizingClairvoyant.totalGpus,
            polyserveGpusPeak: tiers.reduce(0) { $0 + $1.polyserveGpusPeak }, polyserveGpusP95: tiers.reduce(0) { $0 + $1.polyserveGpusP95 },
            polyserveGpusMean: tiers.reduce(0) { $0 + $1.polyserveGpusMean }, baselineGpus: baselineGPUs, plannedGpus: planned,
            gpuHoursPerDay: planned * 24, gpuHoursPerMonth: planned * hoursPerMonth, dollarsPerHour: perHour,
            dollarsPerMonth: perHour * hoursPerMonth, dollarsPerMillionOutputTokens: millions > 0 ? perHour / millions : nil)
    }
}
