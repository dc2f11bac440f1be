import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Fleets of several server types: hand-computed iteration times, scale-up
/// order and bound; a one-type mix equal to the single-profile simulator; no
/// policy beating the bound on a mixed fleet; and the bundled example's plan.
@Suite struct MixedFleetTests {
    /// `t = floor + slope·b` ms, flat in KV up to 10 M tokens, with a GPU name and a price.
    static func affine(gpu: String, floor: Double, slope: Double, price: Double, kvCapacity: Int = 10_000_000) throws -> LatencyProfile {
        try TestProfiles.affine(floor: floor, slope: slope, maxBatch: 100_000, kvCapacity: kvCapacity, gpu: gpu, price: price, name: gpu.lowercased())
    }

    static func example(requests: Int) throws -> (Workload, [LatencyProfile]) {
        try TestWorkloads.bundled("mixed-h200-l40s", requests: requests)
    }

    /// Fast: 5 + 0.01·b ms; slow: 10 + 0.01·b ms. A 1,000-token prompt on an
    /// idle server of each with a 2,000-token budget: one iteration of 1,000
    /// tokens, 15 ms on the fast one (id 0) and 20 ms on the slow one (id 1).
    @Test func eachServerRunsOnItsOwnProfile() throws {
        let fast = try Self.affine(gpu: "H100-SXM", floor: 5, slope: 0.01, price: 3)
        let slow = try Self.affine(gpu: "L40S", floor: 10, slope: 0.01, price: 1)
        let tiers = TierTable(expected: [10], tpot: [0.1], bin: [0], binTpotSeconds: [0.1])
        var fleet = Fleet(binTpotSeconds: [0.1], profiles: [fast, slow], tiers: tiers, mix: [1, 1])
        #expect(fleet.instances.map(\.type) == [0, 1])
        fleet.assign(0, to: 0)
        fleet.assign(1, to: 0)
        for id in [0, 1] { fleet.place(TestFleets.slot(id, tier: 0, prompt: 1000, tpot: 0.1), on: id, budget: .fixed(2000)) }
        #expect(abs(fleet.instances[0].iterationEnd - 0.015) < 1e-12)
        #expect(abs(fleet.instances[1].iterationEnd - 0.020) < 1e-12)
        // Busy time is attributed per type: 15 ms of tier 0 on type 0, 20 ms on type 1.
        #expect(abs(fleet.busySecondsByType[0] - 0.015) < 1e-12 && abs(fleet.busySecondsByType[1] - 0.020) < 1e-12)
    }

    /// Tiers at 25 ms and 150 ms, prompts 900 and outputs 100: 10 tokens per
    /// resident per iteration, KV never binding. Fast (5 + 0.01·b, $4): at
    /// 150 ms b ≤ 14,500, 1,450 residents, $0.00276 each. Slow (30 + 0.005·b,
    /// $1): cannot run one token in 25 ms (30.005 ms); at 150 ms b ≤ 24,000,
    /// 2,400 residents, $0.00042 each. So the 25 ms bin lists the fast type
    /// only and the 150 ms bin the slow one first.
    @Test func scaleUpOrderRanksByDollarsPerCapacityAndSkipsTypesThatCannotPace() throws {
        let fast = try Self.affine(gpu: "H100-SXM", floor: 5, slope: 0.01, price: 4)
        let slow = try Self.affine(gpu: "L40S", floor: 30, slope: 0.005, price: 1)
        #expect(abs(ScaleUpOrder.capacity(of: slow, binTpotMs: 150, meanPrompt: 900, meanOutput: 100) - 2400) < 0.02)
        #expect(abs(ScaleUpOrder.capacity(of: fast, binTpotMs: 150, meanPrompt: 900, meanOutput: 100) - 1450) < 0.02)
        #expect(ScaleUpOrder.capacity(of: slow, binTpotMs: 25, meanPrompt: 900, meanOutput: 100) == 0)
        let w = try TestWorkloads.fixedLengths(tiers: """
          - {name: tight, tpot_ms: 25, ttft_ms: 500, share: 0.5}
          - {name: loose, tpot_ms: 150, ttft_ms: 5000, share: 0.5}
        """)
        #expect(ScaleUpOrder.cheapestPerCapacity(workload: w, profiles: [fast, slow]).types == [[0], [1, 0]])
    }

    /// At 25 ms the affine profile (5 + 0.01·b, $2) runs 2,000 tokens per
    /// iteration, 80 req/s of 1,000-token requests; a slower one (5 + 0.02·b,
    /// $0.90) 1,000 tokens, 40 req/s. On 1 fast + 2 slow the bound's goodput is
    /// 80 + 80 = 160 req/s; on 2 fast + 0 slow also 160; on 0 + 1, 40.
    /// Sizing 200 req/s by cost: 5 slow ($4.50) beats 1 fast + 3 slow ($4.70),
    /// 2 fast + 1 slow ($4.90) and 3 fast ($6).
    @Test func boundOnAMixHandComputed() throws {
        let fast = try TestProfiles.affine()
        let slow = try Self.affine(gpu: "L40S", floor: 5, slope: 0.02, price: 0.9, kvCapacity: 1_000_000)
        let w = try TestWorkloads.fixedLengths(tiers: "  - {name: a, tpot_ms: 25, ttft_ms: 500, share: 1}")
        for (mix, goodput) in [([1, 2], 160.0), ([2, 0], 160), ([0, 1], 40)] {
            let g = try BoundProblem(workload: w, profiles: [fast, slow], objective: .goodputOnMix(mix)).solve()
            #expect(abs(try #require(g.goodputRps) - goodput) < 1e-6, "\(mix)")
        }
        let s = try BoundProblem(workload: w, profiles: [fast, slow], objective: .sizing(byCost: true)).solve()
        #expect(s.totalInstances == 5 && abs(s.dollarsPerHour - 4.5) < 1e-9)
        #expect(s.bins[0].instances["L40S"] == 5 && s.bins[0].instances["H100-SXM"] == 0)
    }

    /// A mix with servers of one type only runs exactly as that profile alone,
    /// under every policy: the other type changes nothing it is not used for.
    @Test(.slow, arguments: PolicyID.allCases)
    func aOneTypeMixIsTheSingleProfileRun(_ policy: PolicyID) throws {
        let (w, p) = try TestWorkloads.paper(requests: 1000)
        let other = try ProfileFormat.read(path: Repository.path("workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv"))
        var single = SimulationConfig(instances: 4, rateScale: 0.3)
        single.checkInvariants = true
        var mixed = single
        mixed.instances = nil
        mixed.mix = [4, 0]
        var a = try Simulation(workload: w, profile: p, policy: policy, config: single)
        var b = try Simulation(workload: w, profiles: [p, other], policy: policy, config: mixed)
        let ra = a.run(), rb = b.run()
        #expect(ra.tiers == rb.tiers && ra.bins == rb.bins && ra.completed == rb.completed)
        #expect(rb.serverTypes?.map(\.instances) == [4, 0])
    }

    /// A type that cannot pace the tightest tier (the example's L40S, slowed
    /// until its lightest iteration takes 1.2 times that tier's TPOT): PolyServe
    /// never runs a token of that tier on one, no request is lost, and every
    /// instance's aggregates and per-type bin counts stay consistent.
    @Test func theTightTierNeverRunsOnATypeThatCannotPaceIt() throws {
        let (w, loaded) = try Self.example(requests: 3000)
        var profiles = loaded
        let tightest = try #require(w.tpotBinsMs.first)
        let lightest = profiles[1].iterationMs(tokenBatch: 1, kvTokens: 0, sequences: 1)
        profiles[1] = try profiles[1].scaled(by: 1.2 * tightest / lightest)
        // One fleet runs one engine: its per-request (host) time stays the other type's.
        profiles[1].metadata.requestOverheadMs = loaded[1].metadata.requestOverheadMs
        var config = SimulationConfig(instances: nil)
        config.mix = [2, 6]
        config.checkInvariants = true
        var sim = try Simulation(workload: w, profiles: profiles, policy: .polyserve, config: config)
        let r = sim.run()
        sim._checkInvariants()
        #expect(r.arrived == 3000 && r.arrived == r.completed + r.unfinished)
        let l40s = try #require(r.serverTypes?[1])
        #expect(l40s.serverType == "L40S" && l40s.busyInstanceSeconds[0] == 0 && l40s.busyInstanceSeconds[1] > 0)
        #expect(l40s.bins[0].peak == 0)
    }

    /// No policy on a mixed fleet beats the bound's goodput on that
    /// composition: 2 % above it, some tier of every policy misses.
    @Test func noPolicyBeatsTheBoundOnAMixedFleet() throws {
        var (w, profiles) = try Self.example(requests: 4000)
        w.warmupSeconds = 10
        let mix = [2, 5]
        let upper = try #require(try BoundProblem(workload: w, profiles: profiles, objective: .goodputOnMix(mix)).solve().scale)
        for policy in PolicyID.allCases {
            var config = SimulationConfig(instances: nil, rateScale: upper * 1.02)
            config.mix = mix
            var sim = try Simulation(workload: w, profiles: profiles, policy: policy, config: config)
            let r = sim.run()
            #expect(r.measured > 0)
            #expect(!ReplicatedRun.meets(r, workload: w, criterion: .everyTier), "\(policy) meets every tier at 1.02× the bound: \(r.tiers.map { $0.attainment ?? -1 })")
        }
    }

    @Test func badMixesAreRefusedWithTheReason() throws {
        let (w, profiles) = try Self.example(requests: 100)
        var config = SimulationConfig(instances: 4)
        #expect(throws: SimulationError.needsMix(types: 2)) { try Simulation(workload: w, profiles: profiles, policy: .polyserve, config: config) }
        config.instances = nil
        config.mix = [1, 2, 3]
        #expect(throws: SimulationError.mixMismatch(types: 2, given: 3)) { try Simulation(workload: w, profiles: profiles, policy: .random, config: config) }
        var other = profiles[1]
        other.metadata.model = "another"
        config.mix = [1, 1]
        #expect(throws: SimulationError.mixedModels(profiles[0].metadata.model, "another")) {
            try Simulation(workload: w, profiles: [profiles[0], other], policy: .random, config: config)
        }
    }

    /// The bundled example's plan: every tier meets its target in every
    /// replication, re-simulated here; it costs no less than the bound; tiers'
    /// dollars add up to the fleet's and none is billed nothing; and it mixes
    /// the types, cheaper than the best single type.
    @Test(.slow) func theBundledExamplePlansAMixCheaperThanEveryType() throws {
        let plan = try Self.examplePlan.get()
        #expect(plan.plan.meetsEveryTier && plan.tiers.allSatisfy(\.meetsTarget))
        #expect(plan.plan.dollarsPerHour >= plan.bound.dollarsPerHour - 1e-9)
        // Checked here, not taken from the runner: the planned mix, simulated with each of the plan's seeds in the
        // plan's scale-up order, meets every tier's target.
        let (w, profiles) = try Self.example(requests: 4000)
        let names = profiles.map(\.metadata.serverType)
        let order = ScaleUpOrder(types: plan.scaleUpOrder.map { $0.map { names.firstIndex(of: $0)! } })
        for seed in plan.header.seeds {
            var config = SimulationConfig(instances: nil, seed: seed)
            config.mix = plan.plan.mix
            config.scaleUpOrder = order
            var sim = try Simulation(workload: w, profiles: profiles, policy: .polyserve, config: config)
            let r = sim.run()
            for (t, tier) in r.tiers.enumerated() {
                #expect((tier.attainment ?? 0) >= w.tierTargets[t], "seed \(seed), tier \(w.tiers[t].name): \(tier.attainment ?? -1)")
            }
        }
        #expect(abs(plan.tiers.reduce(0) { $0 + $1.dollarsPerMonth } - plan.plan.dollarsPerMonth) < 1)
        #expect(plan.tiers.allSatisfy { $0.dollarsPerMonth > 0 })
        for t in plan.typePlans where t.instances > 0 { #expect(abs(t.tierShares.reduce(0, +) - 1) < 1e-9) }
        #expect(plan.chosen == "mixed" && (plan.savingAgainstBestSingle ?? 0) > 0)
        // A type alone either has a fleet or says why it has none.
        for single in plan.singleTypes { #expect((single.fleet == nil) == (single.reason != nil), "\(single)") }

        // The report: the contract's files and types.csv, a self-contained page with its three charts and the range bars, CSVs that agree with the plan.
        let folder = TemporaryFiles.folder().appendingPathComponent("report").path
        try ReportWriter.write(plan, to: folder)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(files.isSuperset(of: ["summary.csv", "types.csv", "plan.json", "report.html"]))
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 4, "three charts and the range bars")
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
        let read = try PlanFolder(reading: folder)
        #expect(read.header.kind == .mixed && read.summary.tiers.count == plan.tiers.count)
        let billed = read.summary.tiers.map(\.dollarsPerMonth).reduce(0, +)
        #expect(abs(billed - plan.plan.dollarsPerMonth) <= 0.01 * Double(plan.tiers.count), "the tiers' dollars add up to the plan's")
        #expect(read.summary.total?.plannedGpus == Double(plan.plan.gpus))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json"))) as? [String: Any])
        #expect((json["plan"] as? [String: Any])?["mix"] as? [Int] == plan.plan.mix && json["chosen"] as? String == plan.chosen)
    }

    /// The bundled example planned once for the tests that read it: PolyServe
    /// alone on the mix (the baselines' goodput on a mix is the suite's
    /// business), two replications, the range searched.
    static let examplePlan = Result { () throws -> MixedPlan in
        let (w, profiles) = try example(requests: 4000)
        var runner = MixedPlanRunner(workload: w, profiles: profiles, inputs: [], jobs: 2, replications: 2)
        runner.settings.policies = [.polyserve]
        return try runner.run()
    }

    /// The range of the bundled example's plan: cheaper at the fast edge,
    /// dearer at the slow one, the bundled types unvalidated (H200 was never
    /// held out) so the default band; the tiers' low and high dollars in
    /// summary.csv add up to the edges', and the report draws the bars.
    @Test(.slow) func theMixedRangeBracketsThePlan() throws {
        let plan = try Self.examplePlan.get()
        let profiles = try Self.example(requests: 1).1
        let range = try #require(plan.latencyRange)
        #expect(!range.validated && range.band == LatencyRange.unvalidatedBand)
        let low = try #require(range.dollarsPerMonthLow), high = try #require(range.dollarsPerMonthHigh)
        #expect(low <= plan.plan.dollarsPerMonth + 1e-6 && plan.plan.dollarsPerMonth <= high + 1e-6 && low < high, "\(low) ≤ \(plan.plan.dollarsPerMonth) ≤ \(high)")
        #expect(range.lowMix.map { $0.reduce(0, +) } == range.lowInstances && range.highMix?.count == profiles.count)
        let summary = try PlanSummary(csv: plan.summary().csv(), source: "summary.csv")
        for (name, edge, column) in [("low", low, \PlanSummary.Row.dollarsPerMonthLow), ("high", high, \PlanSummary.Row.dollarsPerMonthHigh)] {
            let tiers = summary.tiers.compactMap { $0[keyPath: column] }.reduce(0, +)
            #expect(abs(tiers - edge) <= 0.01 * Double(plan.tiers.count), "the tiers' \(name) dollars add up to the edge's")
            // Written to the cent.
            #expect(abs((summary.total?[keyPath: column] ?? .nan) - edge) <= 0.005, "the total row's \(name) dollars are the edge's")
        }
        let html = plan.html()
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 4 && html.contains("no validated latency band"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONOutput.string(plan).utf8)) as? [String: Any])
        #expect(json.keys.contains { $0.lowercased().contains("range") }, "the JSON carries the range")
    }
}
