import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// PolyServe's rules one by one, on hand-built fleets whose numbers are worked
/// out in the comments. The profile is `t = 5 + 0.01·b (+ kvSlope·k)` ms, so a
/// 15 ms budget fits 1,000 tokens, 25 ms 2,000 and 100 ms 9,500.
@Suite struct PolyServeRuleTests {
    /// Each request projects to prompt 100 + expected 100 = 200 KV tokens; a
    /// 450-token cache holds two. Requests pack onto the busiest admissible
    /// server (0, 0), the third scales up a second server (1), the fourth skips
    /// the full server 0 for 1, and the fifth finds the pool empty and waits.
    @Test func packsTheMostLoadedAdmissibleServerThenScalesUpThenWaits() throws {
        var fleet = TestFleets.fleet([(0.025, 100)], instances: 2, profile: try TestProfiles.affine(kvCapacity: 450))
        var policy = PolyServePolicy(bins: 1)
        policy.prepare(&fleet, workload: try TestWorkloads.fixedLengths(tiers: "  - {name: a, tpot_ms: 25, ttft_ms: 500, share: 1}"))
        var placed: [Int?] = []
        for i in 0..<5 {
            let s = TestFleets.slot(i, tier: 0, prompt: 100, tpot: 0.025, expected: 100)
            let id = policy.route(s, fleet: &fleet)
            if let id { fleet.place(s, on: id, budget: .dynamic) }
            placed.append(id)
        }
        #expect(placed == [0, 0, 1, 1, nil])
        #expect(fleet.members[0] == [0, 1] && fleet.idleCount == 0)
    }

    /// Server 0 is busy prefilling a 2,000-token prompt (an iteration of 1,000
    /// tokens, 15 ms); server 1 of the same 15 ms bin is empty. A 1,000-token
    /// prompt on server 0: chunk 1,000 − 2 residents = 998, so
    /// ⌈(2,000 + 1,000) / 998⌉ = 4 iterations after the 15 ms in flight: TTFT
    /// 75 ms. On server 1: chunk 999, ⌈1,000 / 999⌉ = 2 iterations, 30 ms. With a
    /// 50 ms TTFT SLO it goes to the less loaded server 1; with 100 ms, to the
    /// most loaded, server 0.
    @Test func ttftAdmissionSendsARequestPastTheBusiestServer() throws {
        for (ttft, expected) in [(0.05, 1), (0.1, 0)] {
            var fleet = TestFleets.fleet([(0.015, 10)], instances: 2, profile: try TestProfiles.affine())
            fleet.assign(0, to: 0)
            fleet.assign(1, to: 0)
            fleet.place(TestFleets.slot(0, tier: 0, prompt: 2000, tpot: 0.015), on: 0, budget: .dynamic)
            #expect(fleet.instances[0].busy && abs(fleet.instances[0].iterationEnd - 0.015) < 1e-12)
            let newcomer = TestFleets.slot(1, tier: 0, prompt: 1000, ttft: ttft, tpot: 0.015)
            #expect(!PolyServePolicy.isLate(newcomer, fleet: fleet))
            #expect(PolyServePolicy.admits(newcomer, on: 0, fleet: fleet) == (expected == 0))
            #expect(PolyServePolicy.admits(newcomer, on: 1, fleet: fleet))
            #expect(PolyServePolicy.load(0, fleet: fleet) > PolyServePolicy.load(1, fleet: fleet))
            var router = PolyServePolicy(bins: 1)
            #expect(router.route(newcomer, fleet: &fleet) == expected)
        }
    }

    /// Bins 25, 50 and 100 ms, one server each, each holding one request of its
    /// own tier; the 100 ms server's cache (250 tokens) is full. A new 100 ms
    /// request is promoted to the nearest tighter bin, 50 ms, not 25 ms; with
    /// the 50 ms server full too, to 25 ms.
    @Test func lazyPromotionTriesTheNearestTighterBinFirst() throws {
        let tiers: [(tpot: Double, expected: Double)] = [(0.025, 100), (0.05, 100), (0.1, 100)]
        for fullFifty in [false, true] {
            var fleet = TestFleets.fleet(tiers, instances: 3, profile: try TestProfiles.affine(kvCapacity: 250))
            for bin in 0..<3 {
                fleet.assign(bin, to: bin)
                let prompt = (bin == 2 || (bin == 1 && fullFifty)) ? 150 : 10
                fleet.place(TestFleets.slot(bin, tier: bin, prompt: prompt, tpot: tiers[bin].tpot, expected: 100), on: bin,
                            budget: .dynamic)
            }
            let loose = TestFleets.slot(9, tier: 2, prompt: 10, tpot: 0.1, expected: 100)
            #expect(!PolyServePolicy.admits(loose, on: 2, fleet: fleet), "own bin full")
            var router = PolyServePolicy(bins: 3)
            #expect(router.route(loose, fleet: &fleet) == (fullFifty ? 0 : 1))
        }
    }

    /// A tight request never goes to a looser bin: with the 25 ms bin's only
    /// server full and a spare 100 ms server, it scales up from the pool.
    @Test func tightRequestsNeverRideLooserServers() throws {
        var fleet = TestFleets.fleet([(0.025, 100), (0.1, 100)], instances: 3, profile: try TestProfiles.affine(kvCapacity: 250))
        fleet.assign(0, to: 0)
        fleet.assign(1, to: 1)
        fleet.idle = [[2]]
        fleet.place(TestFleets.slot(0, tier: 0, prompt: 150, tpot: 0.025, expected: 100), on: 0, budget: .dynamic)
        let tight = TestFleets.slot(1, tier: 0, prompt: 10, tpot: 0.025, expected: 100)
        var router = PolyServePolicy(bins: 2)
        #expect(router.route(tight, fleet: &fleet) == 2)
        #expect(fleet.instances[2].bin == 0 && fleet.members[0] == [0, 2])
    }

    /// Steady batch. Nine residents and a newcomer, each a 2,000-token prompt with a
    /// class-average output of 10, on a 25 ms server (t = 5 + 0.01·b ms). Amortised
    /// prefill projects (2,000 + 10) / 10 = 201 tokens each, 2,010 in all: 25.1 ms,
    /// refused. Decode only projects 10 tokens: 5.1 ms; the TTFT test then needs
    /// ⌈(9 · 2,000 + 2,000) / (2,000 − 10)⌉ = 11 iterations of 25 ms, well within 10 s.
    @Test func steadyBatchDecidesWhetherPromptHeavyRequestsFit() throws {
        for (batch, admitted) in [(SteadyBatch.amortisedPrefill, false), (.decodeOnly, true)] {
            var fleet = TestFleets.fleet([(0.025, 10)], instances: 1, profile: try TestProfiles.affine())
            fleet.steadyBatch = batch
            fleet.assign(0, to: 0)
            for i in 0..<9 { fleet.place(TestFleets.slot(i, tier: 0, prompt: 2000, tpot: 0.025), on: 0, budget: .dynamic) }
            let newcomer = TestFleets.slot(9, tier: 0, prompt: 2000, tpot: 0.025)
            let p = fleet.projection(0, adding: newcomer)
            #expect(abs(p.tokens - (batch == .decodeOnly ? 10 : 2010)) < 1e-9)
            #expect(PolyServePolicy.admits(newcomer, on: 0, fleet: fleet) == admitted, "\(batch)")
        }
    }

    /// Deadline-aware chunks (option). One request, prompt 10, TTFT 1 s, TPOT 25 ms:
    /// its first iteration (10 tokens, 5.1 ms) ends at 0.0051 s with token 1; token 2
    /// is due at 1 + 25 ms = 1.025 s. Paced to the TPOT the next chunk is
    /// (25 − 5) / 0.01 = 2,000 tokens; spending the slack to 1.025 s it is
    /// (1,019.9 − 5) / 0.01 = 101,490.
    @Test func deadlineAwareChunksSpendTheSlackToTheNextDeadline() throws {
        var fleet = TestFleets.fleet([(0.025, 100)], instances: 1, profile: try TestProfiles.affine())
        fleet.assign(0, to: 0)
        fleet.place(TestFleets.slot(0, tier: 0, prompt: 10, output: 100, ttft: 1.0, tpot: 0.025, expected: 100), on: 0, budget: .dynamic)
        fleet.now = fleet.instances[0].iterationEnd
        #expect(abs(fleet.now - 0.0051) < 1e-12)
        var done: [Slot] = []
        _ = fleet.instances[0].finish(now: fleet.now, completed: &done)
        #expect(abs(fleet.instances[0].earliestNextDeadline()! - 1.025) < 1e-12)
        #expect(abs(PolyServePolicy.dynamicChunk(0, fleet: fleet) - 2000) < 1e-6)
        fleet.deadlineAwareChunks = true
        #expect(abs(PolyServePolicy.dynamicChunk(0, fleet: fleet) - 101_490) < 1e-6)
    }

    /// Dynamic chunking: the largest batch within the tightest TPOT at the
    /// current KV. 25 ms with no KV: (25 − 5) / 0.01 = 2,000 tokens; with a
    /// KV slope of 1e-5 ms per token and 100,001 tokens resident, (25 − 5 − 1.00001) / 0.01 = 1,899.999; a
    /// 100 ms request alone: 9,500.
    @Test func dynamicChunkIsTheLargestBatchWithinTheTightestTPOT() throws {
        var flat = TestFleets.fleet([(0.025, 10), (0.1, 10)], instances: 1, profile: try TestProfiles.affine())
        flat.assign(0, to: 1)
        flat.instances[0].enqueue(TestFleets.slot(0, tier: 1, prompt: 10, tpot: 0.1))
        #expect(abs(PolyServePolicy.dynamicChunk(0, fleet: flat) - 9500) < 1e-6)
        flat.instances[0].enqueue(TestFleets.slot(1, tier: 0, prompt: 10, tpot: 0.025))
        #expect(abs(PolyServePolicy.dynamicChunk(0, fleet: flat) - 2000) < 1e-6)

        var sloped = TestFleets.fleet([(0.025, 10)], instances: 1, profile: try TestProfiles.affine(kvSlope: 1e-5))
        sloped.assign(0, to: 0)
        sloped.place(TestFleets.slot(0, tier: 0, prompt: 100_000, tpot: 0.025), on: 0, budget: .fixed(1e9))  // prefill it all at once
        var done: [Slot] = []
        _ = sloped.instances[0].finish(now: 1, completed: &done)
        #expect(sloped.instances[0].kvUsed == 100_001)
        #expect(abs(PolyServePolicy.dynamicChunk(0, fleet: sloped) - 1899.999) < 1e-3)
    }

    /// Scale-down: one request on an empty pool takes a server into its bin and
    /// the server returns to the pool when the request leaves; the bin's
    /// timeline goes 0 → 1 → 0.
    @Test func anEmptiedServerReturnsToThePool() throws {
        let w = try TestWorkloads.load("""
        name: one
        arrivals: {process: poisson, rate_rps: 1}
        lengths: {prompt: {law: fixed, value: 10}, output: {law: fixed, value: 3}}
        tiers: [{name: only, tpot_ms: 50, ttft_ms: 1000, share: 1}]
        run: {requests: 1}
        """)
        var sim = try Simulation(workload: w, profile: try TestProfiles.affine(), policy: .polyserve, config: SimulationConfig(instances: 2))
        let r = sim.run()
        #expect(r.completed == 1 && r.bins[0].peak == 1)
        #expect(r.bins[0].timeline.map { $0[1] } == [0, 1, 0])
        #expect(sim.fleet.members[0].isEmpty && sim.fleet.idleCount == 2)
    }
}
