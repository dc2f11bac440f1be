import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Multi-turn sessions: turns drawn by hand, the stream's timing and
/// steady state, a conversation served from its own cache (replies
/// included) worked out to the millisecond, the bound with session reuse
/// above every policy, and bad input refused by key.
@Suite struct SessionTests {
    static let fixedLengths = LengthModel.independent(prompt: .fixed(10), output: .fixed(20))

    /// System prompt 32, messages 10, replies 20: prompts 42, 72, 102 after histories 32, 62, 92.
    @Test func turnsCarryTheirHistory() {
        let s = Session(turns: .fixed(3), thinkSeconds: 0, messages: Self.fixedLengths, systemTokens: 32)
        var a = SeededGenerator(seed: 1, stream: 1), b = SeededGenerator(seed: 1, stream: 2)
        let turns = s.draw(turnRNG: &a, lengthRNG: &b)
        #expect(turns.map(\.prompt) == [42, 72, 102] && turns.map(\.history) == [32, 62, 92] && turns.allSatisfy { $0.output == 20 })
        // Whole 16-token blocks of history, at most (prompt − 1)/16: 2, 3 and 5 blocks; 160 of 216 prompt tokens.
        #expect(abs(s.reuseUpperBound(blockTokens: 16) - 160.0 / 216) < 1e-12)
        // The tier's lengths are its turns' (each third of the table).
        guard case let .empirical(pairs, _) = s.requestLengths(turns: 300, tier: "t") else { Issue.record("not a table"); return }
        #expect(pairs.count == 300 && pairs.filter { $0.prompt == 72 }.count == 100)
    }

    /// A geometric count has the mean asked for (20,000 sessions, within 3 %) and is never below one.
    @Test func geometricTurnsHaveTheirMean() {
        var rng = SeededGenerator(seed: 4, stream: 1)
        let draws = (0..<20_000).map { _ in Session.Turns.geometric(mean: 3.5).draw(&rng) }
        let mean = Double(draws.reduce(0, +)) / Double(draws.count)
        #expect(abs(mean - 3.5) / 3.5 < 0.03 && draws.min()! >= 1)
        #expect(Session.Turns.geometric(mean: 1).draw(&rng) == 1)
    }

    static func oneConversation(caching: Bool = true) throws -> Workload {
        var w = try TestWorkloads.load("""
        name: conversation
        seed: 2
        attainment_target: 0.5
        arrivals: {process: poisson, rate_rps: 0.001}
        lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 20}}
        tiers: [{name: chat, tpot_ms: 1000, ttft_ms: 1000, share: 1, session: {turns: 3, think_seconds: 0}}]
        run: {requests: 3}
        """)
        w.prefixCaching = caching
        return w
    }

    /// One session of three turns (messages of 100 tokens, replies of 20):
    /// each turn is sent when the previous reply's last token is due (1 s +
    /// 19 · 1 s later), its prompt the conversation so far. On one server of
    /// 5 + 0.01·b ms, the second turn finds the first's prompt and reply in
    /// whole blocks, (100 + 20 − 1)/16 = 7 blocks, and prefills 220 − 112 =
    /// 108 tokens (TTFT 6.08 ms); the third finds (220 + 19)/16 = 14 blocks
    /// and prefills 340 − 224 = 116 (6.16 ms). Without the cache, 6, 7.2 and 8.4 ms.
    @Test func aConversationIsServedFromItsOwnCache() throws {
        let w = try Self.oneConversation()
        var stream = RequestStream(workload: w)
        let requests = Array(AnySequence { stream })
        let prompts = requests.map(\.prompt), blocks = requests.map(\.prefixBlocks)
        let gaps = zip(requests, requests.dropFirst()).map { $1.arrival - $0.arrival }
        #expect(prompts == [100, 220, 340] && blocks == [6, 13, 21])
        #expect(gaps.allSatisfy { abs($0 - 20) < 1e-9 })
        #expect(Set(requests.map(\.prefixChain)).count == 1)

        let p = try TestProfiles.affine()
        var config = SimulationConfig(instances: 1, staticTokenBudget: 4096)
        config.checkInvariants = true
        var sim = try Simulation(workload: w, profile: p, policy: .coChunk, config: config)
        let r = sim.run()
        #expect(r.completed == 3)
        #expect(try #require(r.tiers[0].prefixHitRate) == 336.0 / 660)
        let cached: Double = (6 + 6.08 + 6.16) / 3, whole: Double = (6 + 7.2 + 8.4) / 3
        let ttft = try #require(r.tiers[0].meanTTFTMs)
        #expect(abs(ttft - cached) < 1e-6)
        var off = try Simulation(workload: try Self.oneConversation(caching: false), profile: p, policy: .coChunk, config: config)
        let plain = try #require(off.run().tiers[0].meanTTFTMs)
        #expect(abs(plain - whole) < 1e-6)
    }

    /// Half the requests are turns of 4-turn sessions (prompts 100, 250, 400,
    /// 550), half stand alone: the stream keeps the rate and shares, opens in
    /// steady state (the first 20 s already hold later turns, about 3 in 4),
    /// keeps arrivals in order, and repeats itself for a seed.
    @Test func theStreamKeepsRatesSharesAndSteadyState() throws {
        let w = try TestWorkloads.load("""
        name: sessions
        seed: 7
        arrivals: {process: poisson, rate_rps: 50}
        lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 50}}
        tiers:
          - {name: chat, tpot_ms: 50, ttft_ms: 500, share: 0.5, session: {turns: 4, think_seconds: 5}}
          - {name: api, tpot_ms: 100, ttft_ms: 2000, share: 0.5}
        run: {requests: 20000}
        """)
        var stream = RequestStream(workload: w)
        let requests = Array(AnySequence { stream })
        #expect(requests.count == 20_000 && zip(requests, requests.dropFirst()).allSatisfy { $0.arrival <= $1.arrival })
        let rate = Double(requests.count) / requests.last!.arrival
        #expect(abs(rate - 50) / 50 < 0.03, "rate \(rate)")
        let chat = requests.filter { $0.tier == 0 }
        #expect(abs(Double(chat.count) / 20_000 - 0.5) < 0.02)
        #expect(Set(chat.map(\.prompt)) == [100, 250, 400, 550])
        let early = chat.filter { $0.arrival < 20 }
        let firstTurns = Double(early.filter { $0.prompt == 100 }.count) / Double(early.count)
        #expect(firstTurns > 0.15 && firstTurns < 0.35, "first turns are \(firstTurns) of the opening 20 s")
        var again = RequestStream(workload: w)
        #expect(Array(AnySequence { again }) == requests)
        let summary = w.summary(samples: 100)
        #expect(summary.tiers[0].reuse == "sessions of 4 turns, 5 s think time; prompts carry the history" && summary.tiers[1].reuse == nil)
    }

    /// The bound with session reuse stays above every policy: at 1.25× its
    /// goodput on two servers each one misses the target, and no simulated
    /// cache serves more of the prompts than the bound's infinite one.
    @Test(.slow) func noPolicyBeatsTheBoundWithSessions() throws {
        let w = try TestWorkloads.load("""
        name: sessions
        seed: 3
        attainment_target: 0.9
        arrivals: {process: poisson, rate_rps: 20}
        tiers:
          - name: chat
            tpot_ms: 40
            ttft_ms: 600
            share: 0.7
            prefix: {prompts: 2, tokens: 300}
            session: {turns: {mean: 3}, think_seconds: 3}
            lengths: {prompt: {law: uniform, min: 20, max: 200}, output: {law: uniform, min: 20, max: 200}}
          - {name: api, tpot_ms: 100, ttft_ms: 2000, share: 0.3, lengths: {prompt: {law: uniform, min: 100, max: 900}, output: {law: uniform, min: 10, max: 200}}}
        run: {requests: 4000, warmup_seconds: 5}
        """)
        let p = try TestProfiles.affine(slope: 0.05, kvSlope: 1e-5)
        let reuse = try #require(PrefixReuse.upperBound(w))
        #expect(reuse[0] > 0.3 && reuse[1] == 0)
        let scale = try #require(try BoundProblem(workload: w, profiles: [p], objective: .goodput(instances: 2)).solve().scale)
        for policy in PolicyID.allCases {
            let r = try TestSimulations.run(w, p, policy, instances: 2, scale: scale * 1.25, checksInvariants: false)
            #expect(try #require(r.attainment) < w.attainmentTarget, "\(policy) attains \(String(describing: r.attainment)) at 1.25× the bound")
            #expect(try #require(r.tiers[0].prefixHitRate) <= reuse[0] + 1e-9)
        }
    }

    @Test(arguments: [
        ("session: {turns: 0}", "turns"),
        ("session: {turns: {mean: 0.5}}", "mean"),
        ("session: {turns: 3, think_seconds: -1}", "think_seconds"),
        ("session: {turns: 3, think: 2}", "think"),
        ("session: {think_seconds: 2}", "turns"),
        ("session: {turns: {median: 3}}", "median"),
    ])
    func badSessionsAreRefusedByKey(_ line: String, _ key: String) throws {
        let yaml = """
        name: bad
        arrivals: {process: poisson, rate_rps: 1}
        lengths: {prompt: {law: fixed, value: 10}, output: {law: fixed, value: 10}}
        tiers: [{name: chat, tpot_ms: 50, ttft_ms: 500, share: 1, \(line)}]
        """
        #expect { try TestWorkloads.load(yaml) } throws: { "\($0)".contains(key) }
    }

    @Test(arguments: ["{process: closed, users: 4}", "{process: replay, format: mooncake, trace: TRACE}"])
    func sessionsNeedOpenArrivals(_ arrivals: String) throws {
        let trace = TemporaryFiles.write(#"{"timestamp": 0, "input_length": 10, "output_length": 10, "hash_ids": [1]}"# + "\n", name: "t.jsonl")
        let yaml = """
        name: bad
        arrivals: \(arrivals.replacingOccurrences(of: "TRACE", with: trace))
        lengths: {prompt: {law: fixed, value: 10}, output: {law: fixed, value: 10}}
        tiers: [{name: chat, tpot_ms: 50, ttft_ms: 500, share: 1, session: {turns: 2}}]
        """
        #expect { try TestWorkloads.load(yaml) } throws: { "\($0)".contains("sessions") }
    }
}
