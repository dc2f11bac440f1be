import Foundation
import Profiling

/// Plans a workload over its ``DemandSchedule``.
///
/// 1. Each distinct window (rate multiple and mix) is planned as a steady
///    workload exactly as `planner plan` does it: the bound's work-conserving
///    sizing, then PolyServe's smallest fleet meeting every tier's target in
///    every replication, searched from the bound (``FleetSearch``). A
///    one-window schedule therefore gives the single-rate plan's fleet.
/// 2. Static peak provisioning holds the largest window's fleet all period;
///    following the load holds each window's fleet for its hours. Months are
///    730 hours.
/// 3. ``reservedSplit(needs:periodHours:reserved:onDemand:gpusPerInstance:)``
///    picks the GPUs to reserve.
/// 4. One continuous simulation of the period (every replication) with an
///    unbounded idle pool and a provisioning delay checks every tier in every
///    window, transitions included.
public struct SchedulePlanRunner: Sendable {
    public var workload: Workload
    public var schedule: DemandSchedule
    public var profile: LatencyProfile
    public var inputs: [PlanInput]
    public var settings: PlanSettings
    public var progress: any PlanProgress = SilentProgress()

    /// Reserved capacity's default price: 60 % of on demand, an assumption in
    /// line with the 35-45 % discounts public clouds list for one-year commitments.
    public static let defaultReservedFraction = 0.6

    public init(workload: Workload, profile: LatencyProfile, inputs: [PlanInput], settings: PlanSettings) throws(InputError) {
        guard let schedule = workload.schedule else { throw InputError(source: workload.sourcePath, field: "schedule", "the workload has no schedule") }
        self.workload = workload
        self.schedule = schedule
        self.profile = profile
        self.inputs = inputs
        self.settings = settings
    }

    /// With default settings but for the threads and the replications.
    public init(workload: Workload, profile: LatencyProfile, inputs: [PlanInput], jobs: Int, replications: Int = 3) throws(InputError) {
        try self.init(workload: workload, profile: profile, inputs: inputs, settings: PlanSettings(jobs: jobs, replications: replications))
    }

    public var replications: Replications { Replications(count: settings.replications, baseSeed: workload.seed) }
    /// Dollars per GPU-hour on demand: the settings', else the workload's override, else the profile's.
    public var onDemandPrice: Double { settings.schedule.onDemandPrice ?? workload.prices[profile.metadata.gpu] ?? profile.metadata.pricePerGPUHour }
    public var reservedPrice: Double { settings.schedule.reservedPrice ?? onDemandPrice * Self.defaultReservedFraction }

    /// One window planned as a steady workload, exactly as `plan` does, on one thread (the windows run in parallel).
    func windowRunner(_ window: Workload, on profile: LatencyProfile) -> PlanRunner {
        var one = settings
        one.jobs = 1
        return PlanRunner(workload: window, profile: profile, inputs: inputs, settings: one)
    }

    struct Key: Hashable { var scale: Double; var shares: [Double]? }

    public func run() throws -> SchedulePlan {
        let start = DispatchTime.now().uptimeNanoseconds
        let gpus = profile.metadata.gpusPerInstance
        // Distinct windows, planned once each.
        var keys: [Key] = []
        for w in schedule.windows where !keys.contains(Key(scale: w.rateScale, shares: w.shares)) { keys.append(Key(scale: w.rateScale, shares: w.shares)) }
        progress.begin("windows: bound and PolyServe's fleet", units: keys.count)
        let planned = try parallelMap(keys, jobs: settings.jobs) { [self] key -> (bound: Int, fleet: FleetSearch.Outcome, boundTiers: [Double], tiers: [Double]) in
            defer { progress.advance() }
            let window = workload.window(.init(name: "", hours: 1, rateScale: key.scale, shares: key.shares))
            let runner = windowRunner(window, on: profile)
            let sizing = try runner.bound(.sizing(byCost: false), .workConserving)
            let found = try FleetSearch(run: runner.replicated(.polyserve), maximum: settings.limits.instances).search(from: sizing.totalInstances)
            guard let outcome = found.outcome else {
                let tier = found.lastTried.tiers.binding!
                throw PlanError.noFleet(policy: .polyserve, maximum: settings.limits.instances, tier: tier.tier, worst: tier.worst, target: tier.target)
            }
            // Per tier: the bound's GPUs by the load each tier puts on its bins; PolyServe's by consumption (as `plan`).
            let finance = Finance(workload: window, profile: profile, hoursPerMonth: PlanRunner.hoursPerMonth)
            let shares = Finance.shares(outcome.atFleet.results) ?? window.tiers.map(\.share)
            let fleetGPUs = Double(outcome.instances * profile.metadata.gpusPerInstance)
            return (sizing.totalInstances, outcome, finance.boundGPUs(sizing), shares.map { $0 * fleetGPUs })
        }
        let byKey = Dictionary(uniqueKeysWithValues: zip(keys, planned))
        let windows = schedule.windows.map { w -> SchedulePlan.WindowPlan in
            let p = byKey[Key(scale: w.rateScale, shares: w.shares)]!
            return .init(name: w.name, hours: w.hours, rateScale: w.rateScale, rateRps: workload.totalRate * w.rateScale,
                         tierRateRps: workload.window(w).tierRates,
                         boundInstances: p.bound, boundGpus: p.bound * gpus, polyserveInstances: p.fleet.instances,
                         polyserveGpus: p.fleet.instances * gpus, boundTierGpus: p.boundTiers, polyserveTierGpus: p.tiers,
                         bindingTier: p.fleet.bindingTier,
                         tierWorstAttainment: p.fleet.atFleet.tiers.map(\.worst))
        }
        let period = schedule.periodHours
        let perMonth = PlanRunner.hoursPerMonth / period
        func provisioning(_ gpuHours: Double) -> SchedulePlan.Provisioning {
            .init(gpuHoursPerPeriod: gpuHours, gpuHoursPerMonth: gpuHours * perMonth, dollarsPerMonth: gpuHours * perMonth * onDemandPrice)
        }
        let peak = windows.map(\.polyserveGpus).max() ?? 0
        let staticPeak = provisioning(Double(peak) * period)
        let following = provisioning(windows.reduce(0) { $0 + Double($1.polyserveGpus) * $1.hours })
        let boundFollowing = provisioning(windows.reduce(0) { $0 + Double($1.boundGpus) * $1.hours })
        let split = Self.reservedSplit(needs: windows.map { (Double($0.polyserveGpus), $0.hours) }, periodHours: period,
                                       reserved: reservedPrice, onDemand: onDemandPrice, gpusPerInstance: gpus)
        let range = settings.searchesLatencyRange ? try latencyRange(keys: keys, planned: keys.map { byKey[$0]!.fleet.instances }) : nil
        let continuousOutcome = settings.schedule.continuous ? try simulatePeriod() : nil
        return SchedulePlan(
            header: PlanHeader(kind: .schedule, workload: workload, settings: settings, inputs: inputs, startedAt: start),
            workload: workload.summary(),
            profile: { var p = ProfileSummary(profile.metadata); p.pricePerGpuHour = onDemandPrice; return p }(),
            source: schedule.source, periodHours: period, hoursPerMonth: PlanRunner.hoursPerMonth,
            windows: windows, peakBoundGpus: windows.map(\.boundGpus).max() ?? 0, peakPolyserveGpus: peak,
            staticPeak: staticPeak, followingLoad: following, boundFollowingLoad: boundFollowing,
            savingFraction: staticPeak.gpuHoursPerPeriod > 0 ? 1 - following.gpuHoursPerPeriod / staticPeak.gpuHoursPerPeriod : 0,
            reservedSplit: split, continuous: continuousOutcome, latencyRange: range)
    }

    /// Each distinct window's smallest PolyServe fleet with the profile's
    /// latencies at both edges of its band, searched from the window's plan
    /// up to ``LatencyRange/ceilingFactor`` times it.
    func latencyRange(keys: [Key], planned: [Int]) throws -> ScheduleLatencyRange {
        let (band, validated) = LatencyRange.band(of: profile)
        let edges = try [1 - band, 1 + band].map { try profile.scaled(by: $0) }
        let cells = keys.indices.flatMap { k in edges.indices.map { (key: k, edge: $0) } }
        progress.begin("windows: PolyServe's fleet at both edges of the latency band", units: cells.count)
        let found = try parallelMap(cells, jobs: settings.jobs) { [self] cell -> Int? in
            defer { progress.advance() }
            let key = keys[cell.key]
            let window = workload.window(.init(name: "", hours: 1, rateScale: key.scale, shares: key.shares))
            let runner = windowRunner(window, on: edges[cell.edge])
            let ceiling = LatencyRange.ceilingFactor * planned[cell.key]
            return try FleetSearch(run: runner.replicated(.polyserve), maximum: ceiling).search(from: planned[cell.key]).outcome?.instances
        }
        let gpus = profile.metadata.gpusPerInstance
        func edge(_ e: Int) -> [Int?] {
            schedule.windows.map { w in
                let k = keys.firstIndex(of: Key(scale: w.rateScale, shares: w.shares))!
                return found[k * edges.count + e].map { $0 * gpus }
            }
        }
        return ScheduleLatencyRange(band: band, validated: validated, low: edge(0), high: edge(1), hours: schedule.windows.map(\.hours),
                                    periodHours: schedule.periodHours, dollarsPerGpuHour: onDemandPrice, hoursPerMonth: PlanRunner.hoursPerMonth)
    }

    /// The reserved GPUs `R` (whole instances) minimising a month's bill,
    /// `R · reserved · 730 + onDemand · Σ max(0, need − R) · hours · 730/period`,
    /// over `needs` (GPUs, hours) per window; the smallest minimiser. O(windows · peak).
    public static func reservedSplit(needs: [(gpus: Double, hours: Double)], periodHours: Double, reserved: Double, onDemand: Double,
                                     gpusPerInstance: Int) -> SchedulePlan.ReservedSplit {
        let perMonth = PlanRunner.hoursPerMonth / periodHours
        let peak = Int(needs.map(\.gpus).max() ?? 0)
        func onDemandHours(_ r: Int) -> Double { needs.reduce(0) { $0 + max(0, $1.gpus - Double(r)) * $1.hours } * perMonth }
        func cost(_ r: Int) -> Double { Double(r) * reserved * PlanRunner.hoursPerMonth + onDemandHours(r) * onDemand }
        var best = 0
        for r in stride(from: 0, through: peak, by: max(1, gpusPerInstance)) where cost(r) < cost(best) - 1e-9 { best = r }
        return .init(reservedPricePerGpuHour: reserved, onDemandPricePerGpuHour: onDemand, reservedGpus: best,
                     reservedDollarsPerMonth: Double(best) * reserved * PlanRunner.hoursPerMonth,
                     onDemandGpuHoursPerMonth: onDemandHours(best), onDemandDollarsPerMonth: onDemandHours(best) * onDemand,
                     totalDollarsPerMonth: cost(best), allOnDemandDollarsPerMonth: cost(0),
                     allReservedDollarsPerMonth: Double(peak) * reserved * PlanRunner.hoursPerMonth)
    }

    /// Every replication of the whole period, autoscaled, in parallel.
    func simulatePeriod() throws -> SchedulePlan.Continuous {
        let start = DispatchTime.now().uptimeNanoseconds
        let whole = { var w = workload; w.runLength = .seconds(schedule.periodHours * 3600); w.warmupSeconds = 0; return w }()
        progress.begin("the whole period, autoscaled × \(replications.count) replications", units: replications.count)
        let results = try parallelMap(replications.seeds, jobs: settings.jobs) { [self] seed -> SimulationResult in
            defer { progress.advance() }
            var config = SimulationConfig(instances: nil)
            config.seed = seed
            config.limits = settings.limits
            config.polyserve = settings.polyserve
            config.provisioningDelay = settings.schedule.provisioningDelay
            var sim = try Simulation(workload: whole, profile: profile, policy: .polyserve, config: config)
            let r = sim.run()
            if r.poolLimitReached { throw PlanError.poolLimit(settings.limits.instances) }
            return r
        }
        progress.finish()
        let targets = workload.tierTargets
        let names = workload.tiers.map(\.name)
        let windows = schedule.windows.indices.map { w -> SchedulePlan.Continuous.WindowOutcome in
            let per = results.map { $0.windows![w] }
            return .init(name: schedule.windows[w].name, meanServers: per.reduce(0) { $0 + $1.meanServers } / Double(per.count),
                         tierWorstAttainment: names.indices.map { t in per.compactMap { $0.attainment(t) }.min() })
        }
        let tiers = names.indices.map { t -> SchedulePlan.Continuous.TierOutcome in
            let worst = windows.indices.compactMap { w in windows[w].tierWorstAttainment[t].map { (w, $0) } }.min { $0.1 < $1.1 }
            return .init(tier: names[t], target: targets[t], worstWindow: worst.map { windows[$0.0].name }, worstAttainment: worst?.1,
                         periodAttainment: results.compactMap { $0.tiers[t].attainment }.min(),
                         meetsInEveryWindow: windows.allSatisfy { ($0.tierWorstAttainment[t] ?? 1) >= targets[t] })
        }
        let gpuHours = zip(windows, schedule.windows).reduce(0) { $0 + $1.0.meanServers * $1.1.hours } * Double(profile.metadata.gpusPerInstance)
        let perMonth = PlanRunner.hoursPerMonth / schedule.periodHours
        return .init(provisioningDelaySeconds: settings.schedule.provisioningDelay, seeds: replications.seeds,
                     requestsPerReplication: Double(results.reduce(0) { $0 + $1.arrived }) / Double(results.count),
                     windows: windows, tiers: tiers,
                     following: .init(gpuHoursPerPeriod: gpuHours, gpuHoursPerMonth: gpuHours * perMonth, dollarsPerMonth: gpuHours * perMonth * onDemandPrice),
                     wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
