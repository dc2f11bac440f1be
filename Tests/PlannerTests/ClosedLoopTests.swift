import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Closed-loop arrivals: N clients, each sending its next request when its
/// last one ends (plus think time), as benchmark clients at a fixed concurrency do.
@Suite struct ClosedLoopTests {
    /// Every iteration takes 10 ms, whatever its batch or KV.
    static func constant(requestOverheadMs: Double = 0) throws -> LatencyProfile {
        var p = try TestProfiles.grid(batches: [1, 4096], kvCapacity: 1_000_000, values: [10, 10, 10, 10])
        p.metadata.requestOverheadMs = requestOverheadMs
        return p
    }

    static func workload(users: Int, think: Double, requests: Int, prompt: Int = 100, output: Int = 10) -> Workload {
        let tier = Tier(name: "all", tpotMs: 1000, ttftChoicesMs: [10_000], ttftProbabilities: [1], share: 1,
                        lengths: .independent(prompt: .fixed(prompt), output: .fixed(output)))
        return Workload(name: "closed", description: "", tiers: [tier], arrivals: .closed(users: users, thinkSeconds: think), mixChange: nil,
                        runLength: .requests(requests), warmupSeconds: 0, attainmentTarget: 0.9, seed: 3, profilePaths: [], prices: [:],
                        sourcePath: "closed", sourceChecksum: "")
    }

    static func run(_ w: Workload, _ p: LatencyProfile, instances: Int = 1) throws -> SimulationResult {
        var config = SimulationConfig(instances: instances, staticTokenBudget: 512)
        config.checkInvariants = true
        var sim = try Simulation(workload: w, profile: p, policy: .minimal, config: config)
        let r = sim.run()
        sim._checkInvariants()
        return r
    }

    /// By hand: one client, 10 ms iterations, a 100-token prompt prefilled in
    /// one iteration (the first token) and 9 decode iterations: 100 ms per
    /// request. Five requests with 50 ms of thinking between them end at
    /// 5 × 100 + 4 × 50 = 700 ms.
    @Test func oneClientSendsAfterEachReplyAndItsThinkTime() throws {
        let r = try Self.run(Self.workload(users: 1, think: 0.05, requests: 5), Self.constant())
        #expect(r.arrived == 5 && r.completed == 5 && r.unfinished == 0)
        let t = r.tiers[0]
        #expect(abs(try #require(t.meanE2EMs) - 100) < 1e-6)
        #expect(abs(try #require(t.meanTTFTMs) - 10) < 1e-6)
        #expect(abs(r.simulatedSeconds - 0.7) < 1e-9)
    }

    /// By hand: an idle engine starts its step with the first request that
    /// reaches it; requests arriving while a step runs join the next one. Four
    /// clients at time 0: one runs 0-100 ms, three 0-110 (prefilled in the
    /// second step). The first client's next request waits for the step
    /// ending at 110 and runs 110-210 ms after sending at 100 (110 ms); the
    /// three sent at 110 join the step after, 120-220 (110 ms). The third wave
    /// repeats the second: the last ends at 330 ms; mean E2E
    /// (100 + 11 × 110) / 12 = 109.17 ms.
    @Test func clientsAtFullConcurrencyRunInWaves() throws {
        let r = try Self.run(Self.workload(users: 4, think: 0, requests: 12), Self.constant())
        #expect(r.arrived == 12 && r.completed == 12)
        #expect(abs(r.simulatedSeconds - 0.33) < 1e-9)
        #expect(abs(try #require(r.tiers[0].meanE2EMs) - 1310.0 / 12) < 1e-6)
    }

    /// The engine's per-request time delays each reply, so the client's next
    /// request too: 120 ms per request with 20 ms of it outside the iterations.
    @Test func perRequestTimeDelaysTheNextRequest() throws {
        let r = try Self.run(Self.workload(users: 1, think: 0, requests: 4), Self.constant(requestOverheadMs: 20))
        #expect(abs(try #require(r.tiers[0].meanE2EMs) - 120) < 1e-6)
        #expect(abs(r.simulatedSeconds - 0.48) < 1e-9)
    }

    /// Little's law bounds a closed loop: with U clients and no think time, U
    /// requests are in flight at every moment, so throughput × mean E2E = U
    /// (within the ramp and the tail). More clients than the batch can take
    /// only lengthen the latency.
    @Test func littlesLawHoldsOnARealProfile() throws {
        let profile = try TestProfiles.bundled("h100-sxm-llama-3.1-8b-tp1.csv")
        for users in [8, 64] {
            let r = try Self.run(Self.workload(users: users, think: 0, requests: 40 * users, prompt: 500, output: 100), profile)
            #expect(r.completed == 40 * users && r.unfinished == 0)
            let throughput = Double(r.completed) / r.simulatedSeconds
            let inFlight = throughput * (try #require(r.tiers[0].meanE2EMs)) / 1000
            #expect(abs(inFlight - Double(users)) / Double(users) < 0.05, "\(users) clients: \(inFlight) in flight")
        }
    }

    @Test func sameSeedSameResult() throws {
        let profile = try TestProfiles.bundled("h100-sxm-llama-3.1-8b-tp1.csv")
        var w = Self.workload(users: 16, think: 0.2, requests: 400)
        w.tiers[0].lengths = .independent(prompt: .lognormal(median: 400, sigma: 0.8, min: 1, max: 4000),
                                          output: .lognormal(median: 100, sigma: 0.8, min: 1, max: 1000))
        var a = try Self.run(w, profile), b = try Self.run(w, profile)
        a.wallSeconds = 0; b.wallSeconds = 0
        #expect(a == b)
    }

    @Test(arguments: [
        ("arrivals: {process: closed}", ["arrivals", "users"]),
        ("arrivals: {process: closed, users: 0}", ["users"]),
        ("arrivals: {process: closed, users: 8, rate_rps: 4}", ["rate_rps", "offered rate"]),
        ("arrivals: {process: closed, users: 8, think_seconds: -1}", ["think_seconds"]),
        ("arrivals: {process: closed, users: 8}\nrun: {seconds: 60}", ["run", "number of requests"]),
    ])
    func badClosedLoopsGetAClearError(arrivals: String, words: [String]) {
        let yaml = """
        name: c
        \(arrivals)
        lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 10}}
        tiers: [{name: a, tpot_ms: 50, ttft_ms: 1000, share: 1}]
        """
        do {
            _ = try TestWorkloads.load(yaml)
            Issue.record("accepted: \(arrivals)")
        } catch {
            let text = "\(error)"
            for word in words { #expect(text.contains(word), "'\(word)' missing from: \(text)") }
        }
    }

    /// Planning sizes a fleet for an offered rate; a closed loop has none, so
    /// every planning entry point refuses it by key, and a simulation takes it.
    @Test func planningRefusesAClosedLoop() throws {
        let path = TemporaryFiles.write("""
        name: c
        profile: \(FileManager.default.currentDirectoryPath)/workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv
        arrivals: {process: closed, users: 8, think_seconds: 1}
        lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 10}}
        tiers: [{name: a, tpot_ms: 50, ttft_ms: 1000, share: 1}]
        run: {requests: 50}
        """)
        do {
            _ = try PlanningInputs.load(workload: path)
            Issue.record("a closed loop was accepted for planning")
        } catch let error as InputError {
            #expect(error.field == "arrivals.process" && error.message.contains("planner simulate"))
        }
        let inputs = try PlanningInputs.load(workload: path, allowClosedLoop: true)
        #expect(inputs.workload.arrivals == .closed(users: 8, thinkSeconds: 1))
    }

    /// vLLM's benchmark client: `inf` with a concurrency is a closed loop of
    /// that many clients; `inf` alone sends everything at once; burstiness b
    /// is gamma gaps of shape b (cv 1/√b).
    @Test func vllmResultsGiveTheClientsArrivals() throws {
        func load(_ fields: String) throws -> ArrivalProcess {
            let path = TemporaryFiles.write("{\(fields), \"completed\": 100, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1, \"input_lens\": [5], \"output_lens\": [6]}", name: "result.json")
            return try VLLMBenchmarkResult.load(path: path, fallback: nil).arrivals
        }
        #expect(try load("\"request_rate\": \"inf\", \"max_concurrency\": 16") == .closed(users: 16, thinkSeconds: 0))
        #expect(try load("\"request_rate\": \"inf\", \"max_concurrency\": null") == .closed(users: 100, thinkSeconds: 0))
        #expect(try load("\"request_rate\": 8, \"max_concurrency\": 500") == .poisson(rate: 8))
        #expect(try load("\"request_rate\": 8, \"burstiness\": 0.25") == .gamma(rate: 8, cv: 2))
    }
}
