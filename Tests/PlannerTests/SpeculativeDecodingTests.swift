import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Speculative decoding: tokens per verify step, the token step's time, and
/// TPOT in a run, each worked out by hand; the bound stays above every policy.
struct SpeculativeDecodingTests {
    /// k = 3, α = 0.7: E = (1 − 0.7⁴)/(1 − 0.7) = (1 − 0.2401)/0.3 = 2.533.
    @Test func tokensPerVerifyStepByHand() {
        #expect(abs(SpeculativeDecoding(draftTokens: 3, acceptance: 0.7, draftCost: 0).tokensPerStep - 2.533) < 1e-12)
        #expect(abs(SpeculativeDecoding(draftTokens: 1, acceptance: 0.5, draftCost: 0).tokensPerStep - 1.5) < 1e-12)
        #expect(SpeculativeDecoding(draftTokens: 4, acceptance: 0, draftCost: 0).tokensPerStep == 1)
    }

    /// One request decoding alone on `5 + 0.01·b` ms, k = 3, α = 0.7, each
    /// draft token 10 % of a step: a verify step runs 4 tokens, 5.04 ms; the
    /// drafts 3 · 0.1 · 5.01 = 1.503 ms; 6.543 ms for 2.533 tokens, so
    /// TPOT = 6.543 / 2.533 = 2.58310 ms (without speculation: 5.01 ms).
    /// The 100-token prompt runs alone, with nothing to draft: 5 + 1 = 6 ms.
    @Test func tpotWithThreeDraftsAndAcceptanceSevenTenthsByHand() throws {
        let yaml = """
        name: spec
        arrivals: {process: poisson, rate_rps: 0.001}
        lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 101}}
        tiers: [{name: chat, tpot_ms: 100, ttft_ms: 1000, share: 1}]
        run: {requests: 1}
        speculative_decoding: {draft_tokens: 3, acceptance: 0.7, draft_cost: 0.1}
        """
        let w = try TestWorkloads.load(yaml)
        let p = try TestProfiles.affine()
        var config = SimulationConfig(instances: 1, staticTokenBudget: 4096)
        config.checkInvariants = true
        var sim = try Simulation(workload: w, profile: p, policy: .coChunk, config: config)
        let r = sim.run()
        #expect(r.completed == 1)
        let tier = r.tiers[0]
        #expect(abs(try #require(tier.meanTPOTMs) - 6.543 / 2.533) < 1e-9)
        #expect(abs(try #require(tier.minTTFTMs) - 6) < 1e-9)
        // The same request without speculation: one 5.01 ms iteration a token.
        var plain = w
        plain.speculativeDecoding = nil
        var base = try Simulation(workload: plain, profile: p, policy: .coChunk, config: config)
        #expect(abs(try #require(base.run().tiers[0].meanTPOTMs) - 5.01) < 1e-9)
    }

    /// The inverses agree with the step time: the largest decode batch and
    /// chunk fit their budget and one more token does not.
    /// On a hand-made profile and on a bundled one (a fine grid with engine overheads).
    @Test(arguments: [false, true]) func largestBatchAndChunkInvertTheStep(bundled: Bool) throws {
        var p = bundled ? try TestProfiles.bundled("h200-llama-3.1-8b-tp1.csv") : try TestProfiles.affine(kvSlope: 1e-5, kvCapacity: 100_000)
        p.speculation = SpeculativeDecoding(draftTokens: 3, acceptance: 0.7, draftCost: 0.1)
        for (budget, kv) in [(20.0, 0.0), (40.0, 50_000.0), (100.0, 10_000.0), (30.0, 400_000.0)] {
            let d = p.largestTokenBatch(withinMs: budget, kvTokens: kv)
            #expect(p.stepMs(decodes: d, prefill: 0, kvTokens: kv, sequences: d) <= budget + 1e-9)
            #expect(p.stepMs(decodes: d + 1e-3, prefill: 0, kvTokens: kv, sequences: d + 1e-3) > budget)
            let c = p.largestChunk(withinMs: budget, kvTokens: kv, decodes: 50, context: 500)
            let pairs = { (c: Double) in c * (500 + (c + 1) / 2) }
            #expect(p.stepMs(decodes: 50, prefill: c, kvTokens: kv, sequences: 51, prefillPairs: pairs(c)) <= budget + 1e-9)
            #expect(p.stepMs(decodes: 50, prefill: c + 1e-3, kvTokens: kv, sequences: 51, prefillPairs: pairs(c + 1e-3)) > budget)
        }
        guard !bundled else { return }
        // An engine budget of 4,096 verify tokens with 100 decoding: 4,096 − 400 left, at 2.533 prompt tokens a step.
        #expect(abs(p.stepBudget(tokens: 4096, decodes: 100) - (100 + 3696 / 2.533)) < 1e-9)
        #expect(p.stepBudget(tokens: 4096, decodes: 0) == 4096)
    }

    /// The bound with speculation stays above what every policy reaches: at
    /// 1.25 times its goodput on its own fleet, no policy meets the target;
    /// and with speculation it is above the bound without (a tight tier gains).
    @Test(.slow) func noPolicyBeatsTheBoundWithSpeculation() throws {
        var (w, p) = try TestWorkloads.paper(requests: 3000)
        w.warmupSeconds = 15
        let off = w
        w.speculativeDecoding = SpeculativeDecoding(draftTokens: 3, acceptance: 0.7, draftCost: 0.08)
        let with = try #require(try BoundProblem(workload: w, profiles: [p], objective: .goodput(instances: 4)).solve().scale)
        let without = try #require(try BoundProblem(workload: off, profiles: [p], objective: .goodput(instances: 4)).solve().scale)
        #expect(with != without)
        for policy in PolicyID.allCases {
            let r = try TestSimulations.run(w, p, policy, instances: 4, scale: with * 1.25, checksInvariants: false)
            #expect(try #require(r.attainment) < w.attainmentTarget, "\(policy) attains \(String(describing: r.attainment)) at 1.25× the bound with speculation")
        }
    }

    /// Plans say how the engines decode: one line when speculative, none otherwise.
    @Test func thePlanHeaderRecordsTheDeployment() {
        let on = PlanHeader.Deployment(prefixCaching: true, speculativeDecoding: SpeculativeDecoding(draftTokens: 3, acceptance: 0.7, draftCost: 0.08))
        #expect(on.consoleLine == "speculative decoding: 3 draft tokens, acceptance 0.7, 2.53 tokens per verify step, each draft token 8 % of a decode step")
        #expect(PlanHeader.Deployment(prefixCaching: true, speculativeDecoding: nil).consoleLine == nil)
    }

    @Test func badFiguresAreRefusedByKey() throws {
        let base = """
        name: spec
        arrivals: {process: poisson, rate_rps: 1}
        lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 10}}
        tiers: [{name: chat, tpot_ms: 100, ttft_ms: 1000, share: 1}]
        """
        for (block, message) in [("{draft_tokens: 0, acceptance: 0.7, draft_cost: 0.1}", "from 1 to 16"),
                                 ("{draft_tokens: 3, acceptance: 1, draft_cost: 0.1}", "[0, 1)"),
                                 ("{draft_tokens: 3, acceptance: .nan, draft_cost: 0.1}", "expected a number"),
                                 ("{draft_tokens: 3, acceptance: 0.7, draft_cost: 2}", "fraction from 0 to 1"),
                                 ("{draft_tokens: 3, acceptance: 0.7}", "missing key 'draft_cost'"),
                                 ("{draft_tokens: 3, acceptance: 0.7, draft_cost: 0.1, tree: 2}", "tree")] {
            #expect { try TestWorkloads.load(base + "\nspeculative_decoding: \(block)\n") } throws: { "\($0)".contains(message) }
        }
        #expect { try TestWorkloads.load(base + "\nserving: disaggregated\nspeculative_decoding: {draft_tokens: 3, acceptance: 0.7, draft_cost: 0.1}\n") } throws: {
            "\($0)".contains("speculative_decoding") && "\($0)".contains("disaggregated")
        }
    }
}
