import Profiling

/// Splits fleets over tiers and prices them.
///
/// PolyServe's fleet is split over bins by the autoscaled run's mean servers
/// per bin, then over the tiers of a bin by their token load; a baseline's
/// fleet, which has no bins, by token load alone. The bound's GPUs of a level
/// are split by the token load each tier puts on that level.
struct Finance {
    let workload: Workload
    let profile: LatencyProfile
    let bound: BoundSolution
    let autoscaled: SimulationResult
    let commonFleet: Int
    let polyserveAtFleet: SimulationResult?
    let policies: [Plan.PolicyPlan]

    var gpusPerInstance: Double { Double(profile.metadata.gpusPerInstance) }
    var price: Double { profile.metadata.pricePerGPUHour }

    func tokenLoad(_ t: Int) -> Double { workload.tierRates[t] * workload.tiers[t].meanTokens }

    /// The tier's share of its bin's token load.
    func shareOfBin(_ t: Int) -> Double {
        let peers = workload.tiers.indices.filter { workload.tiers[$0].tpotMs == workload.tiers[t].tpotMs }
        let total = peers.reduce(0) { $0 + tokenLoad($1) }
        return total > 0 ? tokenLoad(t) / total : 0
    }

    func shareOfAll(_ t: Int) -> Double {
        let total = workload.tiers.indices.reduce(0) { $0 + tokenLoad($1) }
        return total > 0 ? tokenLoad(t) / total : 0
    }

    func boundGPUs(_ t: Int) -> Double {
        var gpus = 0.0
        for level in bound.levels {
            let key = fmt2(level.tpotMs)
            let levelGPUs = Double(level.gpus.values.reduce(0, +))
            guard levelGPUs > 0 else { continue }
            let loads = bound.tiers.indices.map { i in
                (bound.tiers[i].loadShare[key] ?? 0) * bound.tiers[i].servedRps * workload.tiers[i].meanTokens
            }
            let total = loads.reduce(0, +)
            if total > 0 { gpus += levelGPUs * loads[t] / total }
        }
        return gpus
    }

    func tiers() -> [Plan.TierPlan] {
        let binMeans = autoscaled.bins.map(\.mean)
        let binTotal = binMeans.reduce(0, +)
        var plans = workload.tiers.enumerated().map { t, tier -> Plan.TierPlan in
            let bin = autoscaled.bins.firstIndex { $0.tpotMs == tier.tpotMs }!
            let b = autoscaled.bins[bin]
            let within = shareOfBin(t)
            let planned = binTotal > 0 ? Double(commonFleet) * gpusPerInstance * binMeans[bin] / binTotal * within : 0
            var baselines: [String: Double] = [:]
            for p in policies where p.policy != "polyserve" {
                baselines[p.policy] = p.fleetGpus.map { Double($0) * shareOfAll(t) } ?? .nan
            }
            let attainment = polyserveAtFleet?.tiers.first { $0.name == tier.name }?.attainment ?? .nan
            return priced(tier: tier.name, tpotMs: tier.tpotMs, ttft: tier.ttftChoicesMs.map { fmt2($0) }.joined(separator: "/"),
                          rate: workload.tierRates[t], outputRate: workload.tierRates[t] * tier.lengths.meanOutput,
                          bound: boundGPUs(t), peak: Double(b.peak) * gpusPerInstance * within, p95: Double(b.p95) * gpusPerInstance * within,
                          mean: b.mean * gpusPerInstance * within, baselines: baselines, attainment: attainment, planned: planned)
        }
        let loosest = workload.tiers.indices.max { workload.tiers[$0].tpotMs < workload.tiers[$1].tpotMs }!
        let base = plans[loosest].dollarsPerMillionOutputTokens
        for i in plans.indices { plans[i].premiumOverLoosest = base > 0 ? plans[i].dollarsPerMillionOutputTokens / base : .nan }
        return plans
    }

    /// The total row over `tiers` (the result of ``tiers()``).
    func total(of tiers: [Plan.TierPlan]) -> Plan.TierPlan {
        var baselines: [String: Double] = [:]
        for p in policies where p.policy != "polyserve" { baselines[p.policy] = p.fleetGpus.map(Double.init) ?? .nan }
        let outputRate = workload.tiers.indices.reduce(0) { $0 + workload.tierRates[$1] * workload.tiers[$1].lengths.meanOutput }
        var total = priced(tier: "total", tpotMs: .nan, ttft: "", rate: workload.totalRate, outputRate: outputRate,
                           bound: Double(bound.totalGpus), peak: autoscaled.bins.reduce(0) { $0 + Double($1.peak) } * gpusPerInstance,
                           p95: autoscaled.bins.reduce(0) { $0 + Double($1.p95) } * gpusPerInstance,
                           mean: autoscaled.bins.reduce(0) { $0 + $1.mean } * gpusPerInstance, baselines: baselines,
                           attainment: polyserveAtFleet?.attainment ?? .nan, planned: tiers.reduce(0) { $0 + $1.plannedGpus })
        total.premiumOverLoosest = .nan
        return total
    }

    private func priced(tier: String, tpotMs: Double, ttft: String, rate: Double, outputRate: Double, bound: Double, peak: Double,
                        p95: Double, mean: Double, baselines: [String: Double], attainment: Double, planned: Double) -> Plan.TierPlan {
        let perHour = planned * price
        let millionsPerHour = outputRate * 3600 / 1e6
        return Plan.TierPlan(
            tier: tier, tpotMs: tpotMs, ttftMs: ttft, rateRps: rate, boundGpus: bound, polyserveGpusPeak: peak, polyserveGpusP95: p95,
            polyserveGpusMean: mean, baselineGpus: baselines, attainment: attainment, plannedGpus: planned,
            gpuHoursPerDay: planned * 24, gpuHoursPerMonth: planned * PlanRunner.hoursPerMonth, dollarsPerHour: perHour,
            dollarsPerMonth: perHour * PlanRunner.hoursPerMonth,
            dollarsPerMillionOutputTokens: millionsPerHour > 0 ? perHour / millionsPerHour : .nan, premiumOverLoosest: .nan)
    }
}
