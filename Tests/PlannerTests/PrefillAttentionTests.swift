import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Prefill attention and engine overheads in the simulator, on the affine
/// profile `t = 5 + 0.01·b` ms with 1,000 ms per million prefill pairs
/// (0.001 ms a pair), so the numbers can be worked out by hand.
@Suite struct PrefillAttentionTests {
    static func profile(attentionMsPerMillionPairs: Double = 1000, requestOverheadMs: Double = 0) throws -> LatencyProfile {
        var p = try TestProfiles.affine()
        p.metadata.prefillAttentionMsPerMillionPairs = attentionMsPerMillionPairs
        p.metadata.requestOverheadMs = requestOverheadMs
        return p
    }

    /// A chunk of `c` tokens starting `s` tokens into its prompt costs
    /// `5 + 0.01c + 0.001·c(s + (c+1)/2)` ms. Within 15 ms from the start of a
    /// prompt: `0.0005c² + 0.0105c − 10 = 0`, c = 131.31; 1,000 tokens in: 
    /// `0.0005c² + 1.0105c − 10 = 0`, c = 9.848. Without attention, 1,000.
    @Test func largestChunkByHand() throws {
        let p = try Self.profile()
        #expect(abs(p.largestChunk(withinMs: 15, kvTokens: 0, decodes: 0, context: 0) - 131.31) < 0.15)
        #expect(abs(p.largestChunk(withinMs: 15, kvTokens: 0, decodes: 0, context: 1000) - 9.848) < 0.15)
        #expect(abs(try Self.profile(attentionMsPerMillionPairs: 0).largestChunk(withinMs: 15, kvTokens: 0, decodes: 0, context: 1000) - 1000) < 1e-6)
        // With 100 decodes the table adds 0.01·(100 + c): 0.0005c² + 0.0105c − 9 = 0, c = 124.07.
        #expect(abs(p.largestChunk(withinMs: 15, kvTokens: 0, decodes: 100, context: 0) - 124.07) < 0.15)
    }

    /// PolyServe's dynamic chunk on an idle 15 ms server given a 2,000-token
    /// prompt: 131 tokens (the bisection's 131.31, rounded down), whose 131 · 66
    /// = 8,646 pairs make the iteration 5 + 1.31 + 8.646 = 14.956 ms, within
    /// the TPOT. Without attention the chunk is 1,000 tokens and 15 ms.
    @Test func dynamicChunkShrinksForAttention() throws {
        for (attention, expectedMs) in [(1000.0, 14.956), (0, 15.0)] {
            var fleet = TestFleets.fleet([(0.015, 10)], instances: 1, profile: try Self.profile(attentionMsPerMillionPairs: attention))
            fleet.assign(0, to: 0)
            fleet.place(TestFleets.slot(0, tier: 0, prompt: 2000, tpot: 0.015), on: 0, budget: .dynamic)
            #expect(abs(fleet.instances[0].iterationEnd * 1000 - expectedMs) < 1e-9, "\(fleet.instances[0].iterationEnd * 1000) ms")
        }
    }

    /// The admission test's chunk is the one halfway into the newcomer's prompt:
    /// for a 2,000-token prompt on an idle 15 ms server,
    /// `0.0005c² + (0.0105 + 1)c − 10 = 0`, c = 9.85, so ⌈2,000 / 9.85⌉ = 204
    /// iterations of 15 ms: 3.06 s. With a 4 s TTFT it is admitted; with 3 s it
    /// is late even on an idle server (without attention: 2 iterations, 30 ms).
    @Test func admissionPredictsTTFTWithAttention() throws {
        for (attention, ttft, late) in [(1000.0, 4.0, false), (1000, 3.0, true), (0, 3.0, false), (0, 0.031, false), (0, 0.029, true)] {
            var fleet = TestFleets.fleet([(0.015, 10)], instances: 1, profile: try Self.profile(attentionMsPerMillionPairs: attention))
            fleet.assign(0, to: 0)
            let slot = TestFleets.slot(0, tier: 0, prompt: 2000, ttft: ttft, tpot: 0.015)
            #expect(PolyServePolicy.isLate(slot, fleet: fleet) == late, "attention \(attention), TTFT \(ttft) s")
            if attention > 0, !late { #expect(PolyServePolicy.admits(slot, on: 0, fleet: fleet)) }
        }
    }

    /// The admission test's prefill count by hand, on t = 5 + 0.01·b ms with
    /// attention at 0.001 ms a pair and a 15 ms budget: the chunk without
    /// attention is 1,000 tokens, and an iteration leaves 10 ms for prefill.
    /// One 2,000-token prompt (2,001,000 pairs): 2 + 200.1, so 203 iterations.
    /// Behind the second half of another 2,000-token prompt (1,000 tokens,
    /// 1,500,500 pairs): 3 + 350.15, so 354; sizing both at the newcomer's
    /// mid-prompt chunk (9.85 tokens) gave ⌈3,000 / 9.85⌉ = 305, optimistic by
    /// 49 iterations because the prompt ahead runs at longer contexts.
    @Test func prefillIterationsCountEveryPromptsOwnAttention() throws {
        let p = try Self.profile()
        #expect(PolyServePolicy.prefillIterations(tokens: 2000, pairs: 2_001_000, budgetMs: 15, at: p.row(kvTokens: 0), decodes: 0, on: p) == 203)
        #expect(PolyServePolicy.prefillIterations(tokens: 3000, pairs: 2_001_000 + 1_500_500, budgetMs: 15, at: p.row(kvTokens: 0), decodes: 0, on: p) == 354)
        #expect((3000 / p.largestChunk(withinMs: 15, kvTokens: 0, decodes: 0, context: 1000)).rounded(.up) == 305)
        // Without attention the count is the tokens over the chunk.
        let plain = try Self.profile(attentionMsPerMillionPairs: 0)
        #expect(PolyServePolicy.prefillIterations(tokens: 3000, pairs: 3_501_500, budgetMs: 15, at: plain.row(kvTokens: 0), decodes: 0,
                                                  on: plain) == 3)
        // A slot's remaining pairs, and the instance's sum of them as its prefill advances.
        var slot = TestFleets.slot(0, tier: 0, prompt: 2000, tpot: 0.015)
        #expect(slot.prefillPairsRemaining == 2_001_000)
        slot.prefilled = 1000
        #expect(slot.prefillPairsRemaining == 1_500_500)
        var fleet = TestFleets.fleet([(0.015, 10)], instances: 1, profile: try Self.profile())
        fleet.assign(0, to: 0)
        fleet.place(TestFleets.slot(0, tier: 0, prompt: 2000, tpot: 0.015), on: 0, budget: .dynamic)
        #expect(fleet.instances[0].prefillPairsAhead == 2_001_000)
        fleet.instances[0]._checkInvariants()
    }

    static func oneRequest(prompt: Int, ttftMs: Double, profile: LatencyProfile) throws -> SimulationResult {
        let tier = Tier(name: "a", tpotMs: 100, ttftChoicesMs: [ttftMs], ttftProbabilities: [1], share: 1,
                        lengths: .independent(prompt: .fixed(prompt), output: .fixed(2)))
        let workload = Workload(name: "one", description: "", tiers: [tier], arrivals: .poisson(rate: 1), mixChange: nil,
                                runLength: .requests(1), warmupSeconds: 0, attainmentTarget: 0.9, seed: 1,
                                profilePaths: [], prices: [:], sourcePath: "test", sourceChecksum: "")
        var sim = try Simulation(workload: workload, profile: profile, policy: .minimal, config: SimulationConfig(instances: 1, staticTokenBudget: 512))
        return sim.run()
    }

    /// One request of 1,000 prompt tokens under a 512-token budget: chunks of
    /// 512 (pairs 512 · 256.5 = 131,328) and 488 (488 · (512 + 244.5) = 369,172)
    /// take 5 + 5.12 + 131.328 and 5 + 4.88 + 369.172 ms: the first token at
    /// 520.5 ms. Without attention, 20 ms.
    @Test func simulatedTTFTIncludesAttention() throws {
        let with = try Self.oneRequest(prompt: 1000, ttftMs: 10_000, profile: try Self.profile())
        #expect(abs(try #require(with.tiers[0].meanTTFTMs) - 520.5) < 1e-6)
        let without = try Self.oneRequest(prompt: 1000, ttftMs: 10_000, profile: try Self.profile(attentionMsPerMillionPairs: 0))
        #expect(abs(try #require(without.tiers[0].meanTTFTMs) - 20) < 1e-6)
    }

    /// A 68 ms request overhead adds 68 ms to the TTFT and keeps the deadline
    /// where the SLO puts it: 20 ms of prefill meets a 50 ms TTFT alone, and
    /// misses it with the overhead (88 ms).
    @Test func requestOverheadCountsAgainstTheTTFT() throws {
        let plain = try Self.oneRequest(prompt: 1000, ttftMs: 50, profile: try Self.profile(attentionMsPerMillionPairs: 0))
        #expect(plain.tiers[0].attained == 1)
        #expect(abs(try #require(plain.tiers[0].meanTTFTMs) - 20) < 1e-6)
        let overhead = try Self.oneRequest(prompt: 1000, ttftMs: 50, profile: try Self.profile(attentionMsPerMillionPairs: 0, requestOverheadMs: 68))
        #expect(overhead.tiers[0].attained == 0 && overhead.tiers[0].measured == 1)
        #expect(abs(try #require(overhead.tiers[0].meanTTFTMs) - 88) < 1e-6)
    }
}
