import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// The prefix-aware baseline's cost, worked by hand on two servers: the
/// prompt tokens a server would prefill plus the KV tokens it holds or is promised.
struct PrefixAwarePolicyTests {
    @Test func aHitWinsUntilItsServerCarriesMoreThanItSaves() throws {
        var fleet = TestFleets.twoCachingServers(chainBlocks: 62, profile: try TestProfiles.affine(kvCapacity: 10_000))
        // Server 0 prefills a 1,000-token prompt of the chain (62 whole blocks, 992 tokens, cached); server 1 a 300-token one.
        fleet.place(TestFleets.prefixed(0, prompt: 1000, blocks: 62), on: 0, budget: .fixed(4096))
        fleet.place(TestFleets.prefixed(1, prompt: 300, blocks: 0), on: 1, budget: .fixed(4096))
        var done: [Slot] = []
        for id in [0, 1] { _ = fleet.instances[id].finish(now: fleet.instances[id].iterationEnd, completed: &done) }
        #expect(fleet.instances[0].kvUsed == 1001 && fleet.instances[1].kvUsed == 301)
        #expect(fleet.instances[0].cache?.cachedTokens == 992 && fleet.instances[0].cache?.evictableTokens == 0)

        var policy = PrefixAwarePolicy(budget: 4096)
        let hit = TestFleets.prefixed(2, prompt: 1000, blocks: 62)
        // Server 0: 1,000 − 992 = 8 to prefill + 1,001 held = 1,009; server 1: 1,000 + 301 = 1,301.
        #expect(policy.route(hit, fleet: fleet) == 0)
        // A 2,000-token prompt without a prefix lands on server 0 and is promised there: 1,001 + 2,000.
        fleet.place(TestFleets.prefixed(3, prompt: 2000, blocks: 0), on: 0, budget: .fixed(4096))
        #expect(fleet.instances[0].prefillAhead == 2000)
        // Now server 0 costs 8 + 3,001 = 3,009 against 1,301: the hit no longer pays.
        #expect(policy.route(hit, fleet: fleet) == 1)
        // Without a prefix: 100 + 3,001 against 100 + 301.
        #expect(policy.route(TestFleets.prefixed(4, prompt: 100, blocks: 0), fleet: fleet) == 1)
    }
}
