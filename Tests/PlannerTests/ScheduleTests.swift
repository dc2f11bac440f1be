import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Demand schedules: parsing, arrivals per window, the reserved/on-demand
/// split by hand, and the one-window plan against the single-rate plan.
@Suite struct ScheduleTests {
    static let base = """
    name: s
    seed: 7
    arrivals: {process: poisson, rate_rps: 10}
    lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 10}}
    tiers:
      - {name: a, tpot_ms: 50, ttft_ms: 1000, share: 0.5}
      - {name: b, tpot_ms: 100, ttft_ms: 2000, share: 0.5}

    """

    @Test func readsHourlyAndWindows() throws {
        let hourly = try TestWorkloads.load(Self.base + "schedule: {hourly: [\(Array(repeating: "0.5", count: 23).joined(separator: ", ")), 2]}\n")
        let s = try #require(hourly.schedule)
        #expect(s.windows.count == 24 && s.periodHours == 24 && s.windows[23].name == "23:00" && s.windows[23].rateScale == 2)
        #expect(s.windowIndex(atSeconds: 23.5 * 3600) == 23 && s.windowIndex(atSeconds: 24.5 * 3600) == 0)
        let windows = try TestWorkloads.load(Self.base + """
        schedule:
          windows:
            - {name: night, hours: 8, rate_scale: 0.25, shares: {a: 0.2, b: 0.8}}
            - {hours: 16, rate_scale: 1}
        """)
        let w = try #require(windows.schedule)
        #expect(w.windows.map(\.name) == ["night", "window 2"] && w.windows[0].shares == [0.2, 0.8] && w.windows[1].shares == nil)
        #expect(abs(w.meanRateScale - (8 * 0.25 + 16) / 24) < 1e-12 && w.peakRateScale == 1)
        let night = windows.window(w.windows[0])
        #expect(night.totalRate == 2.5 && night.tiers.map(\.share) == [0.2, 0.8] && night.schedule == nil)
    }

    @Test func badSchedulesNameTheKey() throws {
        func error(_ schedule: String, arrivals: String? = nil) -> InputError? {
            var text = Self.base + schedule
            if let arrivals { text = text.replacingOccurrences(of: "arrivals: {process: poisson, rate_rps: 10}", with: arrivals) }
            do { _ = try TestWorkloads.load(text); return nil } catch let e as InputError { return e } catch { return nil }
        }
        #expect(error("schedule: {hourly: [1, 2, 3]}\n")?.message.contains("give 24") == true)
        #expect(error("schedule: {hourly: [\(Array(repeating: "1", count: 23).joined(separator: ", ")), 0]}\n")?.field == "schedule.hourly[23]")
        #expect(error("schedule: {windows: [{hours: 2, rate_scale: 1, shares: {a: 0.5, b: 0.6}}]}\n")?.message.contains("sum to") == true)
        #expect(error("schedule: {windows: [{hours: 2, rate_scale: 1, shares: {a: 0.5, c: 0.5}}]}\n")?.message.contains("unknown key 'c'") == true)
        #expect(error("schedule: {windows: [{hours: 100, rate_scale: 1}, {hours: 100, rate_scale: 1}]}\n")?.message.contains("at most a week") == true)
        #expect(error("schedule: {windows: [{rate_scale: 1}]}\n")?.message.contains("'hours'") == true)
        #expect(error("schedule: {hourly: [1], windows: []}\n")?.message.contains("exactly one") == true)
        #expect(error("mix_change: {at_seconds: 10, shares: {a: 1}}\nschedule: {windows: [{hours: 1, rate_scale: 1}]}\n")?.message.contains("not both") == true)
    }

    /// Three one-hour windows at 0.5, 2 and 1 times 10 req/s: 18,000, 72,000
    /// and 36,000 arrivals expected, each within 4 Poisson standard deviations;
    /// the first window's own mix shows in its arrivals.
    @Test func arrivalsFollowTheWindows() throws {
        var w = try TestWorkloads.load(Self.base + """
        schedule:
          windows:
            - {hours: 1, rate_scale: 0.5, shares: {a: 0.9, b: 0.1}}
            - {hours: 1, rate_scale: 2}
            - {hours: 1, rate_scale: 1}
        """)
        w.runLength = .seconds(3 * 3600)
        var counts = [0, 0, 0], tierA = [0, 0, 0]
        var last = 0.0
        for r in RequestStream(workload: w) {
            #expect(r.arrival >= last)
            last = r.arrival
            let i = Int(r.arrival / 3600)
            counts[i] += 1
            if r.tier == 0 { tierA[i] += 1 }
        }
        for (count, expected) in zip(counts, [18_000.0, 72_000, 36_000]) {
            #expect(abs(Double(count) - expected) < 4 * expected.squareRoot(), "\(count) arrivals against \(expected)")
        }
        #expect(abs(Double(tierA[0]) / Double(counts[0]) - 0.9) < 0.01 && abs(Double(tierA[1]) / Double(counts[1]) - 0.5) < 0.01)
    }

    /// A one-window schedule at the base rate draws exactly the plain stream's arrivals.
    @Test func oneWindowStreamIsThePlainStream() throws {
        let plain = try TestWorkloads.load(Self.base)
        var scheduled = plain
        scheduled.schedule = DemandSchedule(windows: [.init(name: "all", hours: 24, rateScale: 1)], source: "")
        let a = Array(RequestStream(workload: plain).prefix(2000)), b = Array(RequestStream(workload: scheduled).prefix(2000))
        #expect(a == b)
    }

    /// Needs: 10 GPUs for 12 h and 4 GPUs for 12 h a day, reserved $0.60, on
    /// demand $1.00. Each reserved GPU costs 0.6 × 730 = $438 a month; up to 4
    /// it saves 24 h × 30.42 days = $730 of on demand, from 5 to 10 only $365:
    /// reserve 4. Bill 4 × 438 + 6 × 12 × 30.42 = $3,942; all on demand
    /// 168 × 30.42 = $5,110; all reserved at the peak $4,380.
    @Test func reservedSplitByHand() {
        let s = SchedulePlanRunner.reservedSplit(needs: [(10, 12), (4, 12)], periodHours: 24, reserved: 0.6, onDemand: 1, gpusPerInstance: 1)
        #expect(s.reservedGpus == 4)
        #expect(abs(s.totalDollarsPerMonth - (4 * 438 + 6 * 12 * 730 / 24)) < 1e-6)
        #expect(abs(s.allOnDemandDollarsPerMonth - 168 * 730 / 24) < 1e-6 && abs(s.allReservedDollarsPerMonth - 4380) < 1e-6)
        #expect(abs(s.reservedDollarsPerMonth + s.onDemandDollarsPerMonth - s.totalDollarsPerMonth) < 1e-9)
        // Reserving in whole instances of 4 GPUs: 0, 4 or 8; 4 still wins.
        #expect(SchedulePlanRunner.reservedSplit(needs: [(12, 12), (4, 12)], periodHours: 24, reserved: 0.6, onDemand: 1, gpusPerInstance: 4).reservedGpus == 4)
    }

    /// A schedule of one window at the base rate plans the single-rate plan's
    /// fleet: the same bound, the same PolyServe fleet (same search, same seeds).
    @Test(.slow) func oneWindowPlanIsTheSingleRatePlan() throws {
        var w = try TestPlans.smallWorkload()
        w.schedule = DemandSchedule(windows: [.init(name: "all", hours: 24, rateScale: 1)], source: "test")
        var runner = try SchedulePlanRunner(workload: w, profile: try ProfileFormat.read(path: w.profilePaths[0]), inputs: [], jobs: 2, replications: 2)
        runner.settings.schedule.continuous = false
        let schedule = try runner.run()
        let plan = try TestPlans.shared.get()
        #expect(schedule.windows.count == 1)
        #expect(schedule.windows[0].polyserveInstances == plan.commonFleet)
        #expect(schedule.windows[0].boundInstances == plan.bounds.sizing.totalInstances)
        #expect(schedule.savingFraction == 0 && schedule.staticPeak.gpuHoursPerPeriod == Double(plan.commonFleet * 24))
        // Per tier, as `plan` splits them: PolyServe's tier GPUs add up to the fleet and match the plan's; the bound's to its sizing.
        let window = schedule.windows[0]
        #expect(abs(window.polyserveTierGpus.reduce(0, +) - Double(window.polyserveGpus)) < 1e-9 && window.polyserveTierGpus.allSatisfy { $0 > 0 })
        for (t, tier) in plan.tiers.enumerated() { #expect(abs(window.polyserveTierGpus[t] - tier.plannedGpus) < 1e-9) }
        #expect(abs(window.boundTierGpus.reduce(0, +) - Double(window.boundGpus)) < 1e-6)
        // Its range is the single-rate plan's: the same edge searches from the same fleet.
        let range = try #require(schedule.latencyRange), single = try #require(plan.latencyRange)
        #expect(range.lowGpus == [single.lowGpus] && range.highGpus == [single.highGpus])
        #expect(range.band == single.band && range.validated == single.validated)
        #expect(range.followingDollarsPerMonthLow.map { $0 <= schedule.followingLoad.dollarsPerMonth } == true)
        #expect(range.staticPeakDollarsPerMonthHigh.map { $0 >= schedule.staticPeak.dollarsPerMonth } == true)
    }

    /// The continuous run counts every measured request in exactly one window,
    /// and holds servers in each.
    @Test(.slow) func continuousRunAccountsByWindow() throws {
        var w = try TestPlans.smallWorkload()
        w.schedule = DemandSchedule(windows: [.init(name: "busy", hours: 0.05, rateScale: 1), .init(name: "quiet", hours: 0.05, rateScale: 0.3)], source: "test")
        var runner = try SchedulePlanRunner(workload: w, profile: try ProfileFormat.read(path: w.profilePaths[0]), inputs: [], jobs: 2, replications: 1)
        runner.settings.schedule.provisioningDelay = 5
        let c = try runner.simulatePeriod()
        #expect(c.windows.count == 2 && c.windows.allSatisfy { $0.meanServers > 0 })
        #expect(c.windows[0].meanServers > c.windows[1].meanServers)
        #expect(c.tiers.count == w.tiers.count)
        #expect(c.requestsPerReplication > 0)
        var whole = w
        whole.runLength = .seconds(360)
        whole.warmupSeconds = 0
        var sim = try Simulation(workload: whole, profile: try ProfileFormat.read(path: w.profilePaths[0]), policy: .polyserve,
                                 config: SimulationConfig(instances: 8))
        let r = sim.run()
        let windows = try #require(r.windows)
        for t in w.tiers.indices { #expect(windows.reduce(0) { $0 + $1.measured[t] } == r.tiers[t].measured) }
    }
}
