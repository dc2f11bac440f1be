import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Prefill/decode-disaggregated serving, worked out by hand on the affine
/// profile (`5 + 0.01·b` ms) with one prefill and one decode instance.
@Suite struct DisaggregationTests {
    static func oneRequest(bandwidth: Double, ttftMs: Double = 20, tpotMs: Double = 12, policy: PolicyID = .polyserve) throws -> SimulationResult {
        let w = try TestWorkloads.load("""
        name: one
        arrivals: {process: poisson, rate_rps: 1}
        lengths: {prompt: {law: fixed, value: 1000}, output: {law: fixed, value: 3}}
        tiers: [{name: a, tpot_ms: \(tpotMs), ttft_ms: \(ttftMs), share: 1}]
        run: {requests: 1, warmup_seconds: 0}
        """)
        var config = SimulationConfig(instances: 1)
        config.disaggregation = Disaggregation(kvBytesPerToken: 1e6, kvBandwidthBytesPerSecond: bandwidth)
        config.prefillInstances = 1
        config.checkInvariants = true
        var sim = try Simulation(workload: w, profile: try TestProfiles.affine(), policy: policy, config: config)
        let r = sim.run()
        sim._checkInvariants()
        return r
    }

    /// The prompt of 1,000 tokens is one prefill iteration, 5 + 10 = 15 ms:
    /// the first token at 15 ms. Its KV, 1,001 tokens of 1 MB at 100 GB/s,
    /// takes 10.01 ms and reaches the decode instance at 25.01 ms; each decode
    /// iteration of one token takes 5.01 ms: tokens 2 and 3 at 30.02 and
    /// 35.03 ms, a TPOT of (35.03 − 15) / 2 = 10.015 ms. With a 20 ms TTFT and
    /// a 12 ms TPOT the deadlines are 20, 32 and 44 ms: met. At half the
    /// bandwidth the KV arrives at 35.02 ms, token 2 at 40.03 ms: missed.
    @Test(arguments: [PolicyID.polyserve, .random, .coChunk])
    func kvTransferAndTTFTAccounting(_ policy: PolicyID) throws {
        let fast = try Self.oneRequest(bandwidth: 1e11, policy: policy)
        #expect(fast.completed == 1 && fast.unfinished == 0)
        let tier = fast.tiers[0]
        #expect(abs(try #require(tier.minTTFTMs) - 15) < 1e-6)
        #expect(abs(try #require(tier.tpotMs).p50 - 10.015) < 0.05)
        #expect(tier.attained == 1)
        let slow = try Self.oneRequest(bandwidth: 5e10, policy: policy)
        #expect(abs(try #require(slow.tiers[0].minTTFTMs) - 15) < 1e-6)
        #expect(abs(try #require(slow.tiers[0].tpotMs).p50 - (40.03 + 5.01 - 15) / 2) < 0.05)
        #expect(slow.tiers[0].attained == 0 && slow.completed == 1)
    }

    /// 200 req/s of 900 + 100 tokens at 25 ms on the affine profile (KV cache
    /// 1 M tokens). Decode: λ req/s on a server of `t` ms iterations keep
    /// λ·100·t/1,000 requests decoding, so t = 5 + 0.01·0.1·λ·t, and hold
    /// λ·100·950·t/1,000 KV tokens; the cache fills at λ = 1e6/1,475 =
    /// 677.97 req/s (t = 15.5 ms), the bound's KV row `5·2,375 + 1e6·0.01·2.5
    /// ≤ 1e6·25` per req/s; 0.295 of one server. Prefill: at the
    /// 8,192-token budget an iteration takes 86.92 ms, 94,248 prompt tokens/s
    /// per prefill server; 200 · 900 = 180,000 tokens/s need 1.91. So 1 + 2 = 3
    /// instances (LP 2.205). On 3 instances the best split is 2 prefill + 1
    /// decode: goodput 2 · 94,248 / 900 = 209.44 req/s.
    @Test func boundHandComputed() throws {
        let w = try TestWorkloads.fixedLengths(tiers: "  - {name: a, tpot_ms: 25, ttft_ms: 500, share: 1}")
        var options = BoundProblem.Options()
        options.disaggregation = Disaggregation(kvBytesPerToken: 1e6, kvBandwidthBytesPerSecond: 1e11)
        let profile = try TestProfiles.affine()
        let sizing = try BoundProblem(workload: w, profiles: [profile], objective: .sizing(byCost: false), options: options).solve()
        #expect(sizing.status == .optimal && sizing.totalInstances == 3 && sizing.prefillInstances == 2)
        let perServer = 1e6 / 1475, throughput = 8192 / (5 + 81.92) * 1000
        #expect(abs(try #require(sizing.lpRelaxation) - (200 / perServer + 200 * 900 / throughput)) < 1e-6)
        let goodput = try BoundProblem(workload: w, profiles: [profile], objective: .goodput(instances: 3), options: options).solve()
        #expect(abs(try #require(goodput.goodputRps) - 2 * throughput / 900) < 1e-6)
        #expect(goodput.prefillInstances == 2)
    }

    /// No policy on a disaggregated fleet beats the disaggregated bound's
    /// goodput, whatever the split: 2 % above it, some tier misses.
    @Test(.slow, arguments: ["polyserve-paper", "chat"])
    func noPolicyBeatsTheDisaggregatedBound(_ name: String) throws {
        var w = try WorkloadLoader.load(path: Repository.workload(name))
        w.runLength = .requests(4000)
        w.warmupSeconds = 20
        let profile = try ProfileFormat.read(path: w.profilePaths[0])
        let instances = 6
        var options = BoundProblem.Options()
        options.disaggregation = try Disaggregation.from(profile, source: name)
        let bound = try BoundProblem(workload: w, profiles: [profile], objective: .goodput(instances: instances), options: options).solve()
        let scale = try #require(bound.scale)
        for policy in PolicyID.allCases {
            for prefill in Set([1, bound.prefillInstances ?? 1, instances - 1]).sorted() {
                var config = SimulationConfig(instances: instances - prefill, rateScale: scale * 1.02)
                config.disaggregation = options.disaggregation
                config.prefillInstances = prefill
                config.seed = w.seed
                var sim = try Simulation(workload: w, profile: profile, policy: policy, config: config)
                let r = sim.run()
                #expect(r.measured > 0 && r.prefillInstances == prefill)
                #expect(!ReplicatedRun.meets(r, workload: w, criterion: .everyTier),
                        "\(policy) with \(prefill) prefill instances meets every tier at 1.02× the bound on \(name): \(r.tiers.map { $0.attainment ?? -1 })")
            }
        }
    }

    /// Both modes planned on a short chat workload: each plan meets every tier
    /// in every replication; tier GPUs and dollars add up to the fleet's, prefill
    /// instances included, in the plan and in the bound; the comparison names
    /// the mode with fewer dollars.
    @Test(.slow) func bothModesPlannedSideBySide() throws {
        var w = try WorkloadLoader.load(path: Repository.workload("chat"))
        w.runLength = .requests(4000)
        w.warmupSeconds = 10
        let profile = try ProfileFormat.read(path: w.profilePaths[0])
        var plans: [Plan] = []
        for disaggregated in [false, true] {
            var runner = PlanRunner(workload: w, profile: profile, inputs: [], jobs: 2, replications: 2)
            runner.settings.policies = [.polyserve, .minimal]
            runner.settings.searchesLatencyRange = false  // the range is checked in LatencyRangeTests
            if disaggregated { runner.disaggregation = try Disaggregation.from(profile, source: "chat") }
            plans.append(try runner.run())
        }
        let d = plans[1]
        #expect(d.serving == .disaggregated && (d.prefillInstances ?? 0) >= 1 && d.prefillInstances! < d.commonFleet)
        #expect((d.bounds.sizing.prefillInstances ?? 0) >= 1)
        for plan in plans {
            #expect(plan.tiers.allSatisfy { $0.meetsTarget })
            #expect(abs(plan.tiers.reduce(0) { $0 + $1.plannedGpus } - Double(plan.commonFleet * plan.profile.gpusPerInstance)) < 1e-6)
            #expect(abs(plan.tiers.reduce(0) { $0 + $1.boundGpus } - Double(plan.bounds.sizing.totalGpus)) < 1e-6)
            #expect(plan.tiers.allSatisfy { $0.dollarsPerMonth > 0 })
            #expect(plan.bounds.sizing.totalGpus <= plan.commonFleet * plan.profile.gpusPerInstance)
        }
        let comparison = ServingComparison(colocated: plans[0], disaggregated: plans[1])
        let dollars = [ServingMode.colocated: plans[0].total.dollarsPerMonth, .disaggregated: plans[1].total.dollarsPerMonth]
        #expect(dollars[comparison.cheaper]! <= dollars.values.max()!)
        #expect(comparison.tiers.count == w.tiers.count && comparison.policies.count == 2)
        let folder = TemporaryFiles.folder().appendingPathComponent("report").path
        try ReportWriter.write(comparison, to: folder)
        let csv = try String(contentsOfFile: folder + "/serving.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + w.tiers.count + 1)
    }

    /// Llama-3.1-8B: 2 · 32 layers · 8 KV heads · 128 · 2 bytes = 131,072 bytes
    /// per token; one H200 at 450 GB/s moves a 2,000-token prompt in 0.58 ms.
    @Test func catalogueFigures() throws {
        let profile = try ProfileFormat.read(path: Repository.path("workloads/profiles/h200-llama-3.1-8b-tp1.csv"))
        let d = try Disaggregation.from(profile, source: "h200")
        #expect(d.kvBytesPerToken == 131_072 && d.kvBandwidthBytesPerSecond == 450e9)
        #expect(abs(d.transferSeconds(tokens: 2000) - 2000 * 131_072 / 450e9) < 1e-15)
    }
}
