import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// The prefix-aware baseline's cost, worked by hand on two servers: the
/// prompt tokens a server would prefill plus the KV tokens it holds or is promised.
struct PrefixAwarePolicyTests {
    @Test func aHitWinsUntilItsServerCarriesMoreThanItSaves() throws {
        let w = try TestWorkloads.load("""
        name: two
        arrivals: {process: poisson, rate_rps: 1}
        lengths: {prompt: {law: fixed, value: 40}, output: {law: fixed, value: 50}}
        tiers: [{name: only, tpot_ms: 100, ttft_ms: 5000, share: 1}]
        """)
        var table = PrefixTable(blockTokens: 16)
        table.append((1...62).map(UInt64.init))
        let p = try TestProfiles.affine(kvCapacity: 10_000)
        var fleet = Fleet(binTpotSeconds: [0.1], profile: p, tiers: TierTable(workload: w), instances: 2)
        fleet.enablePrefixCaching(table)
        func request(_ id: Int, prompt: Int, blocks: Int32) -> Slot {
            var r = Request(id: id, arrival: 0, prompt: prompt, output: 50, tier: 0, ttftSLO: 5, tpotSLO: 0.1)
            if blocks > 0 { r.prefixChain = 0; r.prefixBlocks = blocks }
            return Slot(request: r, expectedOutput: 50)
        }
        // Server 0 prefills a 1,000-token prompt of the chain (62 whole blocks, 992 tokens, cached); server 1 a 300-token one.
        fleet.place(request(0, prompt: 1000, blocks: 62), on: 0, budget: .fixed(4096))
        fleet.place(request(1, prompt: 300, blocks: 0), on: 1, budget: .fixed(4096))
        var done: [Slot] = []
        for id in [0, 1] { _ = fleet.instances[id].finish(now: fleet.instances[id].iterationEnd, completed: &done) }
        #expect(fleet.instances[0].kvUsed == 1001 && fleet.instances[1].kvUsed == 301)
        #expect(fleet.instances[0].cache?.cachedTokens == 992 && fleet.instances[0].cache?.evictableTokens == 0)

        var policy = PrefixAwarePolicy(budget: 4096)
        let hit = request(2, prompt: 1000, blocks: 62)
        // Server 0: 1,000 − 992 = 8 to prefill + 1,001 held = 1,009; server 1: 1,000 + 301 = 1,301.
        #expect(policy.route(hit, fleet: fleet) == 0)
        // A 2,000-token prompt without a prefix lands on server 0 and is promised there: 1,001 + 2,000.
        fleet.place(request(3, prompt: 2000, blocks: 0), on: 0, budget: .fixed(4096))
        #expect(fleet.instances[0].prefillAhead == 2000)
        // Now server 0 costs 8 + 3,001 = 3,009 against 1,301: the hit no longer pays.
        #expect(policy.route(hit, fleet: fleet) == 1)
        // Without a prefix: 100 + 3,001 against 100 + 301.
        #expect(policy.route(request(4, prompt: 100, blocks: 0), fleet: fleet) == 1)
    }
}
