import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// An engine that schedules one step ahead (vLLM V1's async scheduling)
/// plans iteration n + 1 while n runs, so a request that arrives during n
/// gets its first chunk in n + 2, one iteration later than without.
@Suite struct SchedulerLookaheadTests {
    static func slot(_ id: Int, at t: Double) -> Slot {
        Slot(request: Request(id: id, arrival: t, prompt: 1, output: 3, tier: 0, ttftSLO: 1, tpotSLO: 0.1), expectedOutput: 3)
    }

    /// Constant 10 ms iterations: request 0 arrives at 0 on an idle engine and
    /// starts at once; request 1 arrives at 5 ms, during that iteration. Without
    /// lookahead its one-token prompt runs in the iteration from 10 to 20 ms;
    /// with it, that iteration was planned at 0 ms, so it runs from 20 to 30 ms.
    @Test(arguments: [0, 1])
    func aRequestArrivingMidIterationWaitsOneMoreWhenTheEngineSchedulesAhead(lookahead: Int) throws {
        var profile = try TestProfiles.grid(batches: [1, 1000], kvCapacity: 1_000_000, values: [10, 10, 10, 10])
        profile.metadata.schedulerLookahead = lookahead
        let tiers = TierTable(expected: [3], tpot: [0.1], bin: [0], binTpotSeconds: [0.1])
        var fleet = Fleet(binTpotSeconds: [0.1], profile: profile, tiers: tiers, instances: 1)
        fleet.place(Self.slot(0, at: 0), on: 0, budget: .fixed(512))
        #expect(fleet.instances[0].chunks == [1], "an idle engine plans a newcomer at once, whatever its lookahead")
        fleet.now = 0.005
        fleet.place(Self.slot(1, at: 0.005), on: 0, budget: .fixed(512))
        var done: [Slot] = []
        var firstChunkEnds: Double? = nil
        for end in [0.010, 0.020, 0.030] {
            fleet.now = end
            _ = fleet.instances[0].finish(now: end, completed: &done)
            fleet.admitWaiting(0)
            fleet.startIteration(0, budget: .fixed(512), following: true)
            if firstChunkEnds == nil, fleet.instances[0].chunks == [1] { firstChunkEnds = fleet.instances[0].iterationEnd }
        }
        let expected = lookahead == 0 ? 0.020 : 0.030
        #expect(abs(try #require(firstChunkEnds) - expected) < 1e-12)
    }

    /// Whole runs: the lookahead adds about one iteration to every TTFT of a
    /// loaded engine and changes nothing else that a request can see.
    @Test func aWholeRunsTTFTGrowsByAboutOneIteration() throws {
        let w = try TestWorkloads.load("""
        name: lookahead
        seed: 11
        arrivals: {process: poisson, rate_rps: 40}
        lengths: {prompt: {law: fixed, value: 1}, output: {law: fixed, value: 20}}
        tiers: [{name: only, tpot_ms: 100, ttft_ms: 100000, share: 1}]
        run: {requests: 4000}
        """)
        var ttft: [Double] = []
        for lookahead in [0, 1] {
            var profile = try TestProfiles.grid(batches: [1, 1000], kvCapacity: 1_000_000, values: [10, 10, 10, 10])
            profile.metadata.schedulerLookahead = lookahead
            let r = try TestSimulations.run(w, profile, .coChunk, instances: 1, scale: 1)
            #expect(r.completed == 4000 && r.unfinished == 0)
            ttft.append(try #require(r.tiers[0].meanTTFTMs))
        }
        // Always busy at 40 req/s × 20 iterations of 10 ms: half an iteration's wait, then one more.
        #expect(abs((ttft[1] - ttft[0]) - 10) < 1, "TTFT \(ttft[0]) ms without, \(ttft[1]) ms with")
    }

    @Test func theProfileKeyRoundTripsAndIsChecked() throws {
        var p = try TestProfiles.bundled("h100-sxm-llama-3.1-8b-tp1.csv")
        #expect(p.metadata.schedulerLookahead == ServingEngine.vllm015.schedulerLookahead, "bundled profiles run vllm-0.15")
        p.metadata.schedulerLookahead = 1
        let text = ProfileFormat.encode(p)
        #expect(text.contains("# scheduler_lookahead: 1\n"))
        #expect(try ProfileFormat.read(path: TemporaryFiles.write(text, name: "p.csv")).metadata.schedulerLookahead == 1)
        #expect(try p.scaled(by: 1.2).metadata.schedulerLookahead == 1)
        let bad = TemporaryFiles.write(text.replacingOccurrences(of: "# scheduler_lookahead: 1", with: "# scheduler_lookahead: 3"), name: "p.csv")
        do {
            _ = try ProfileFormat.read(path: bad)
            Issue.record("a lookahead of 3 was accepted")
        } catch {
            #expect(error.field == "scheduler_lookahead" && error.message.contains("from 0 to 1"))
        }
    }
}
