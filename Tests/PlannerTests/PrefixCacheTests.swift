import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Prefix caching: the block tree's hits and eviction order by hand, a
/// second prompt that prefills only what the first did not, and a loaded run
/// whose every aggregate is checked after each event.
@Suite struct PrefixCacheTests {
    /// Chains A = [1, 2, 3], B = [1, 2, 4], C = [5], blocks of 16 tokens.
    static func table() -> PrefixTable {
        var t = PrefixTable(blockTokens: 16)
        t.append([1, 2, 3] as [UInt64]); t.append([1, 2, 4] as [UInt64]); t.append([5] as [UInt64])
        return t
    }

    @Test func hitsFollowTheTreeAndEvictionTakesTheLeastRecentlyUsedLeafFirst() {
        let t = Self.table()
        var c = PrefixCache(blockTokens: 16)
        #expect(c.use(t, chain: 0, to: 3, now: 1) == 3 && c.cachedTokens == 48 && c.evictableTokens == 0)
        #expect(c.hit(t, chain: 1, blocks: 3) == 2, "B shares A's first two blocks")
        #expect(c.hit(t, chain: 2, blocks: 1) == 0)
        c.release(t, chain: 0, blocks: 3, now: 2)
        #expect(c.evictableTokens == 48)
        // B takes its hit at admission, then caches its own third block after its prefill.
        #expect(c.use(t, chain: 1, to: 2, now: 3) == 0 && c.evictableTokens == 16)
        #expect(c.use(t, chain: 1, from: 2, to: 3, now: 4) == 1 && c.cachedTokens == 64)
        c._checkInvariants(t, uses: [(1, 3)])
        #expect(c.use(t, chain: 2, to: 1, now: 5) == 1)
        c.release(t, chain: 2, blocks: 1, now: 6)
        // Nothing B uses can go: only block 3 (last used at 2) and block 5 (at 6).
        #expect(c.evict(tokens: 1_000) == 32 && Set(c.blocks.keys) == [1, 2, 4])
        c._checkInvariants(t, uses: [(1, 3)])
        c.release(t, chain: 1, blocks: 3, now: 7)
        // Leaves first: 4 (its parent 2 still has it), then 2, then 1.
        #expect(c.evict(tokens: 16) == 16 && Set(c.blocks.keys) == [1, 2])
        #expect(c.evict(tokens: 16) == 16 && Set(c.blocks.keys) == [1])
        #expect(c.evict(tokens: 16) == 16 && c.blocks.isEmpty && c.evictableTokens == 0)
        c._checkInvariants(t, uses: [])
    }

    @Test func aLeafUsedAgainIsEvictedByItsNewerUse() {
        let t = Self.table()
        var c = PrefixCache(blockTokens: 16)
        c.use(t, chain: 2, to: 1, now: 1); c.release(t, chain: 2, blocks: 1, now: 1)
        c.use(t, chain: 0, to: 3, now: 2); c.release(t, chain: 0, blocks: 3, now: 2)
        c.use(t, chain: 2, to: 1, now: 3); c.release(t, chain: 2, blocks: 1, now: 3)
        // Block 5 was used at 1 and again at 3: chain A's leaf (at 2) goes first.
        #expect(c.evict(tokens: 16) == 16 && c.blocks[3] == nil && c.blocks[5] != nil)
        c._checkInvariants(t, uses: [])
    }

    /// Two requests of one system prompt (992 of its 1,000 tokens in whole
    /// 16-token blocks) far apart on one server: the second prefills 1,100 − 992 = 108 tokens.
    @Test func aSecondPromptPrefillsOnlyWhatTheCacheLacks() throws {
        let yaml = """
        name: p
        attainment_target: 0.5
        arrivals: {process: poisson, rate_rps: 0.01}
        lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 2}}
        tiers: [{name: chat, tpot_ms: 1000, ttft_ms: 10000, share: 1, prefix: {prompts: 1, tokens: 1000}}]
        run: {requests: 2}
        """
        let w = try TestWorkloads.load(yaml)
        var rng = SeededGenerator(seed: 1, stream: 9)
        #expect(w.tiers[0].lengths.sample(&rng).prompt == 1100)
        let p = try TestProfiles.affine()  // 5 + 0.01·b ms
        var config = SimulationConfig(instances: 1, staticTokenBudget: 4096)
        config.checkInvariants = true
        var sim = try Simulation(workload: w, profile: p, policy: .coChunk, config: config)
        let r = sim.run()
        #expect(r.completed == 2)
        #expect(try #require(r.tiers[0].prefixHitRate) == 992.0 / 2200)
        // TTFTs: a whole prompt, 5 + 11 = 16 ms; the rest of one, 5 + 1.08 ms.
        #expect(abs(try #require(r.tiers[0].minTTFTMs) - 6.08) < 1e-6)
        #expect(abs(try #require(r.tiers[0].meanTTFTMs) - (16 + 6.08) / 2) < 1e-6)
        #expect(try #require(r.prefixCache).hitRate == 992.0 / 2200)
        // Off, nothing is cached and nothing reported.
        var off = w
        off.prefixCaching = false
        var plain = try Simulation(workload: off, profile: p, policy: .coChunk, config: config)
        let q = plain.run()
        let plainFirst = try #require(q.tiers[0].minTTFTMs)
        #expect(q.prefixCache == nil && q.tiers[0].prefixHitRate == nil && abs(plainFirst - 16) < 1e-6)
    }

    /// A loaded run on small caches: prompts share ten system prompts, the
    /// cache fills and evicts, requests are preempted; every aggregate (the
    /// block tree's users and children, KV counted once) holds after each
    /// event, no request is lost, and the same seed gives the same result.
    @Test(arguments: [PolicyID.polyserve, .coChunk, .minimal])
    func aLoadedRunKeepsEveryCountAndLosesNothing(_ policy: PolicyID) throws {
        let yaml = """
        name: shared
        seed: 5
        arrivals: {process: poisson, rate_rps: 60}
        lengths:
          prompt: {law: uniform, min: 10, max: 600}
          output: {law: uniform, min: 5, max: 200}
        tiers:
          - {name: fast, tpot_ms: 40, ttft_ms: 500, share: 0.5, prefix: {prompts: 10, tokens: 700}}
          - {name: slow, tpot_ms: 100, ttft_ms: 2000, share: 0.5, prefix: {prompts: 3, tokens: 300}}
        run: {requests: 600}
        """
        let w = try TestWorkloads.load(yaml)
        let p = try TestProfiles.affine(kvSlope: 1e-5, kvCapacity: 12_000)
        var config = SimulationConfig(instances: policy.sizesItsOwnFleet ? nil : 3)
        config.checkInvariants = true
        var a = try Simulation(workload: w, profile: p, policy: policy, config: config)
        var first = a.run()
        #expect(first.arrived == 600 && first.arrived == first.completed + first.unfinished)
        let cache = try #require(first.prefixCache)
        #expect(cache.hitRate > 0.3 && cache.hitRate < 1 && cache.instanceHitRateMin <= cache.instanceHitRateMax)
        #expect(cache.evictedTokens > 0, "the caches filled and evicted")
        for t in first.tiers { #expect(try #require(t.prefixHitRate) > 0) }
        var b = try Simulation(workload: w, profile: p, policy: policy, config: config)
        var second = b.run()
        first.wallSeconds = 0; second.wallSeconds = 0
        #expect(first == second)
    }

    /// The bound with reuse (an infinite shared cache) is above the bound
    /// without, and still above every policy: at 1.25× its goodput on the
    /// same fleet, each one misses the target. The paper's mix, each tier's
    /// prompts behind one of 8 shared 2,000-token system prompts.
    @Test(.slow) func noPolicyBeatsTheBoundWithReuse() throws {
        let (w0, p) = try TestWorkloads.paper(requests: 4000)
        var w = w0
        w.warmupSeconds = 20
        for i in w.tiers.indices {
            w.tiers[i].sharedPrefix = .init(prompts: 8, tokens: 2000)
            w.tiers[i].lengths = w.tiers[i].lengths.shiftingPrompts(by: 2000)
        }
        var off = w
        off.prefixCaching = false
        let reuse = try #require(PrefixReuse.upperBound(w))
        // All 2,000 tokens are whole 16-token blocks (125), over a mean prompt of 2,000 + the paper's (its quantile table's mean).
        #expect(abs(reuse[0] - 2000 / (2000 + w0.tiers[0].lengths.meanPrompt)) < 1e-12)
        let withReuse = try #require(try BoundProblem(workload: w, profiles: [p], objective: .goodput(instances: 4)).solve().scale)
        let without = try #require(try BoundProblem(workload: off, profiles: [p], objective: .goodput(instances: 4)).solve().scale)
        #expect(withReuse > without)
        for policy in PolicyID.allCases {
            let r = try TestSimulations.run(w, p, policy, instances: 4, scale: withReuse * 1.25, checksInvariants: false)
            #expect(try #require(r.attainment) < w.attainmentTarget, "\(policy) attains \(String(describing: r.attainment)) at 1.25× the bound with reuse")
            #expect(try #require(r.prefixCache).hitRate <= reuse.max()! + 1e-9)
        }
    }

    /// Prefix affinity sends a request where its system prompt is cached: on
    /// the same arrivals, PolyServe's fleet hit rate rises with the option
    /// (12 prompts of 2,000 tokens over a pool of several servers), and no request is lost.
    @Test func prefixAffinityRaisesTheHitRate() throws {
        let yaml = """
        name: affinity
        seed: 3
        arrivals: {process: poisson, rate_rps: 80}
        lengths:
          prompt: {law: uniform, min: 50, max: 400}
          output: {law: uniform, min: 20, max: 120}
        tiers: [{name: chat, tpot_ms: 30, ttft_ms: 1500, share: 1, prefix: {prompts: 12, tokens: 2000}}]
        run: {requests: 800}
        """
        let w = try TestWorkloads.load(yaml)
        // Each server's cache holds about five of the twelve system prompts.
        let p = try TestProfiles.affine(slope: 0.02, kvSlope: 1e-5, kvCapacity: 12_000)
        func run(_ affinity: Bool) throws -> SimulationResult {
            var config = SimulationConfig(instances: nil)
            config.polyserve.prefixAffinity = affinity
            config.checkInvariants = true
            var sim = try Simulation(workload: w, profile: p, policy: .polyserve, config: config)
            return sim.run()
        }
        let plain = try run(false), affine = try run(true)
        #expect(plain.arrived == plain.completed + plain.unfinished && affine.arrived == affine.completed + affine.unfinished)
        let without = try #require(plain.prefixCache).hitRate, with = try #require(affine.prefixCache).hitRate
        #expect(with > without, "hit rate \(with) with affinity, \(without) without")
        #expect(try #require(affine.prefixCache).instances > 1, "several servers, so where a request goes matters")
    }

    /// Two servers of one bin, by hand: server 0 has cached chain A's two
    /// blocks (a request of A prefilled there and is decoding); server 1 runs a
    /// longer request, so it is the more loaded. PolyServe's own rule (the most
    /// loaded admissible server) takes server 1 for a new request of A; prefix
    /// affinity takes server 0, whose cache would spare it 32 of its 40 prompt tokens.
    @Test func prefixAffinityPlacesARequestWhereItsPrefixIsCached() throws {
        let p = try TestProfiles.affine(kvSlope: 0.001)  // the server holding more KV is the more loaded
        var fleet = TestFleets.twoCachingServers(chainBlocks: 2, profile: p)
        fleet.assign(0, to: 0)
        fleet.assign(1, to: 0)
        func request(_ id: Int, prompt: Int, chain: Int) -> Slot {
            TestFleets.prefixed(id, prompt: prompt, blocks: chain >= 0 ? Int32(prompt / 16) : 0)
        }
        // Server 0 prefills a request of chain A (40 tokens: two whole blocks cached); server 1 a longer one without a prefix.
        fleet.place(request(0, prompt: 40, chain: 0), on: 0, budget: .fixed(4096))
        fleet.place(request(1, prompt: 400, chain: -1), on: 1, budget: .fixed(4096))
        var done: [Slot] = []
        for id in [0, 1] { _ = fleet.instances[id].finish(now: fleet.instances[id].iterationEnd, completed: &done) }
        #expect(done.isEmpty && fleet.instances[0].cache?.cachedTokens == 32 && fleet.instances[1].cache?.cachedTokens == 0)
        let newcomer = request(2, prompt: 40, chain: 0)
        #expect(fleet.instances[0].cachedPrefixBlocks(of: newcomer.request) == 2 && fleet.instances[1].cachedPrefixBlocks(of: newcomer.request) == 0)
        #expect(PolyServePolicy.load(1, fleet: fleet) > PolyServePolicy.load(0, fleet: fleet))
        #expect(PolyServePolicy.chooseByScan(newcomer, fleet: fleet) == 1, "PolyServe's rule: the most loaded admissible server")
        #expect(PolyServePolicy.holdingPrefix(newcomer, fleet: fleet) == 0, "affinity: the server holding the prefix")
    }

    /// `workload show` on a replayed trace: three prompts of 1,024, 1,536 and
    /// 512 tokens with hash_ids [1, 2], [1, 2, 3] and [4]; the second finds
    /// its first two 512-token blocks held by the first (1,024 tokens), so
    /// 1,024 of 3,072 prompt tokens, 33.3 %, can come from a cache.
    @Test func aReplayedTraceSummaryStatesItsReuse() throws {
        let trace = TemporaryFiles.write("""
        {"timestamp": 0, "input_length": 1024, "output_length": 10, "hash_ids": [1, 2]}
        {"timestamp": 1000, "input_length": 1536, "output_length": 10, "hash_ids": [1, 2, 3]}
        {"timestamp": 2000, "input_length": 512, "output_length": 10, "hash_ids": [4]}

        """, name: "reuse.jsonl")
        let w = try TestWorkloads.load("""
        name: reuse
        arrivals: {process: replay, format: mooncake, trace: \(trace)}
        lengths: {prompt: {law: fixed, value: 10}, output: {law: fixed, value: 10}}
        tiers: [{name: chat, tpot_ms: 50, ttft_ms: 500, share: 1}]
        """)
        let summary = w.summary(samples: 10)
        let reuse = try #require(summary.tiers[0].reuse)
        #expect(reuse.contains("33.3 % of prompt tokens"), "\(reuse)")
        // The trace's own lengths, beside the tiers' length law (10 and 10 here): (1,024 + 1,536 + 512) / 3.
        #expect(summary.arrivals.contains("prompt mean 1024, output mean 10"), "\(summary.arrivals)")
        var off = w
        off.prefixCaching = false
        #expect(off.summary(samples: 10).tiers[0].reuse == nil)
    }
}
