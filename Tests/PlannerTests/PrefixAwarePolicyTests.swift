import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// The prefix-aware baseline's score, worked by hand on two servers with
/// 1,000-token KV caches: 2·overlap + free KV share + queue shortness.
struct PrefixAwarePolicyTests {
    @Test func partialOverlapLosesToALighterServerAndFullOverlapWins() throws {
        let w = try TestWorkloads.load("""
        name: two
        arrivals: {process: poisson, rate_rps: 1}
        lengths: {prompt: {law: fixed, value: 40}, output: {law: fixed, value: 50}}
        tiers: [{name: only, tpot_ms: 100, ttft_ms: 5000, share: 1}]
        """)
        var table = PrefixTable(blockTokens: 16)
        table.append([1, 2, 3, 4] as [UInt64])
        let p = try TestProfiles.affine(kvCapacity: 1000)
        var fleet = Fleet(binTpotSeconds: [0.1], profile: p, tiers: TierTable(workload: w), instances: 2)
        fleet.enablePrefixCaching(table)
        func request(_ id: Int, prompt: Int, blocks: Int32) -> Slot {
            var r = Request(id: id, arrival: 0, prompt: prompt, output: 50, tier: 0, ttftSLO: 5, tpotSLO: 0.1)
            if blocks > 0 { r.prefixChain = 0; r.prefixBlocks = blocks }
            return Slot(request: r, expectedOutput: 50)
        }
        // Server 0: a 20-token prompt behind the chain's first block, prefilled at once; a 600-token
        // prompt admitted behind it; a second that waits (20 + 600 + 600 > 1,000). Server 1: a 100-token prompt.
        fleet.place(request(0, prompt: 20, blocks: 1), on: 0, budget: .fixed(4096))
        fleet.place(request(1, prompt: 600, blocks: 0), on: 0, budget: .fixed(4096))
        fleet.place(request(2, prompt: 600, blocks: 0), on: 0, budget: .fixed(4096))
        fleet.place(request(3, prompt: 100, blocks: 0), on: 1, budget: .fixed(4096))
        var done: [Slot] = []
        for id in [0, 1] { _ = fleet.instances[id].finish(now: fleet.instances[id].iterationEnd, completed: &done) }
        // After one iteration each, prefilled with a first token: 21 on server 0 (its first block cached, in use), 101 on server 1.
        #expect(fleet.instances[0].kvUsed == 21 && fleet.instances[1].kvUsed == 101)
        #expect(fleet.instances[0].waiting.count == 1 && fleet.instances[1].waiting.isEmpty)
        // Server 0's queue: the admitted prompt not yet prefilled and the waiting one, 1,200 tokens ahead; server 1's: none.
        #expect(fleet.instances[0].prefilling.count == 1 && fleet.instances[0].prefillAhead == 1200 && fleet.instances[1].prefilling.isEmpty)
        #expect(fleet.instances[0].cache?.cachedTokens == 16 && fleet.instances[0].cache?.evictableTokens == 0)

        var policy = PrefixAwarePolicy(budget: 4096)
        // A 70-token prompt of the chain (4 blocks), one held by server 0:
        // server 0 scores 2·0.25 + 0 (1,221 of 1,000 promised) + 0 = 0.5; server 1, 0 + (1 − 0.101) + 1 = 1.899.
        #expect(policy.route(request(4, prompt: 70, blocks: 4), fleet: fleet) == 1)
        // A 20-token prompt whose one block server 0 holds: 2·1 + 0 + 0 = 2 against 1.899.
        #expect(policy.route(request(5, prompt: 20, blocks: 1), fleet: fleet) == 0)
        // No prefix: 0 against 1.899, the lighter server.
        #expect(policy.route(request(6, prompt: 70, blocks: 0), fleet: fleet) == 1)
    }
}
