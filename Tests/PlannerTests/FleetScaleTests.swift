import Foundation
import Testing
import PlannerTestSupport
import Profiling
@testable import PlannerKit

/// The structures that make the simulator's per-request cost independent of
/// fleet size, checked against plain references: PolyServe's routing against
/// a linear scan, the routing order against a sort, bin occupancy by hand.
@Suite struct FleetScaleTests {
    /// A random PolyServe scenario: 1 to 4 tiers with distinct TPOTs, a fixed or
    /// unbounded fleet, sometimes a provisioning delay, on a bundled profile or on
    /// a small-grid one whose steady batches leave the grid (where routing may not
    /// prune), with each PolyServe option on in some seeds.
    static func scenario(seed: UInt64) throws -> (Workload, LatencyProfile, SimulationConfig) {
        var rng = SeededGenerator(seed: seed, stream: 77)
        let tpots = [15, 20, 30, 50, 100].shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng)).sorted()
        let weights = tpots.map { _ in Double(Int.random(in: 1...5, using: &rng)) }
        let tiers = tpots.enumerated().map { i, tpot in
            let ttft = [200, 500, 1000, 3000].shuffled(using: &rng).prefix(2).map(String.init).joined(separator: ", ")
            return "  - {name: t\(i), tpot_ms: \(tpot), ttft_ms: {choices: [\(ttft)]}, share: \(weights[i] / weights.reduce(0, +))}"
        }.joined(separator: "\n")
        let instances = Bool.random(using: &rng) ? Int.random(in: 2...10, using: &rng) : nil
        let rate = Double(Int.random(in: 5...40, using: &rng))
        let yaml = """
        name: routing-\(seed)
        seed: \(seed)
        arrivals: {process: \(Bool.random(using: &rng) ? "poisson" : "gamma, cv: 3"), rate_rps: \(rate)}
        lengths:
          prompt: {law: lognormal, median: \(Int.random(in: 200...3000, using: &rng)), sigma: 1.0, min: 1, max: 16000}
          output: {law: lognormal, median: \(Int.random(in: 50...400, using: &rng)), sigma: 0.8, min: 1, max: 2000}
        tiers:
        \(tiers)
        run: {requests: 1500, warmup_seconds: 0}
        """
        let workload = try TestWorkloads.load(yaml)
        let profile: LatencyProfile
        if seed % 3 == 0 {
            profile = try TestProfiles.grid(batches: [1, 64], kvCapacity: 200_000, values: [8, 12, 9, 14])
        } else {
            profile = try TestProfiles.bundled("h100-sxm-llama-3.1-8b-tp1.csv")
        }
        var config = SimulationConfig(instances: instances)
        config.provisioningDelay = instances == nil && Bool.random(using: &rng) ? 2 : 0
        config.checkInvariants = true
        config.drainSeconds = 1e9
        // The options run through the same search and the same invariants.
        config.polyserve.borrowLooserServers = seed % 4 == 1
        config.polyserve.deadlineAwareChunks = seed % 2 == 0
        config.polyserve.steadyBatch = seed % 5 == 0 ? .amortisedPrefill : .decodeOnly
        return (workload, profile, config)
    }

    @Test(.slow, arguments: 1...12)
    func routingMatchesTheLinearScan(seed: UInt64) throws {
        var (workload, profile, config) = try Self.scenario(seed: seed)
        // Every third scenario disaggregated: decode requests routed by (c), the KV cache and their next token.
        if seed % 3 == 0 {
            config.disaggregation = Disaggregation(kvBytesPerToken: 131_072, kvBandwidthBytesPerSecond: 50e9)
            config.prefillInstances = 1 + Int(seed % 4)
        }
        var sim = try Simulation(workload: workload, profile: profile, policy: .polyserve, config: config)
        let result = sim.run()
        var policy = try #require(sim.policy as? PolyServePolicy)
        policy.rankEveryBin(fleet: &sim.fleet)
        #expect(policy.routingChecks >= result.arrived, "every arrival is routed at least once")
        #expect(policy.routingMismatches == 0, "\(policy.routingMismatches) of \(policy.routingChecks) decisions differ from the linear scan")
        #expect(result.completed + result.unfinished == result.arrived)
        for bin in policy.order.indices {
            policy.order[bin]._checkInvariants()
            #expect(policy.order[bin].entries.map(\.id).sorted() == sim.fleet.members[bin].sorted())
        }
    }

    @Test func routingOrderStaysSortedUnderRandomUpdates() {
        var rng = SeededGenerator(seed: 5, stream: 1)
        var order = RoutingOrder()
        var reference: [Int: RoutingOrder.Entry] = [:]
        for step in 0..<4000 {
            let id = Int.random(in: 0..<60, using: &rng)
            if Int.random(in: 0..<5, using: &rng) == 0 {
                order.remove(id)
                reference[id] = nil
            } else {
                // Few distinct loads, so ties (broken by id) are common.
                let load = Double(Int.random(in: 0..<8, using: &rng)) / 4
                let e = RoutingOrder.Entry(id: id, load: load, tokens: .random(in: 0...100, using: &rng), kv: .random(in: 0...1e5, using: &rng),
                                           tpot: [0.02, 0.05, .infinity].randomElement(using: &rng)!, residents: .random(in: 0...30, using: &rng),
                                           prefillAhead: .random(in: 0...5000, using: &rng))
                order.update(e)
                reference[id] = e
            }
            if step % 7 == 0 { _ = order.first(where: { _ in false }, skippingRuns: { _ in false }) }
            order._checkInvariants()
            let sorted = reference.values.sorted(by: RoutingOrder.Entry.precedes).map(\.id)
            #expect(order.entries.map(\.id) == sorted)
            if order.entries.map(\.id) != sorted { return }
        }
    }

    /// Warm-up 10 s; 2 servers from 0, 4 from 12 (a repeat at 13 is no change), 1 from 20, end 30.
    /// After the warm-up: 2 for 2 s, 4 for 8 s, 1 for 10 s: mean (4 + 32 + 10) / 20 = 2.3;
    /// ascending counts reach 95 % of 20 s only at 4 servers; the peak is 4.
    @Test func binOccupancyByHand() {
        var bin = BinOccupancy(warmup: 10)
        bin.record(2, at: 0)
        bin.record(4, at: 12)
        bin.record(4, at: 13)
        bin.record(1, at: 20)
        let s = bin.summary(tpotMs: 20, end: 30)
        #expect(abs(s.mean - 2.3) < 1e-12)
        #expect(s.p95 == 4)
        #expect(s.peak == 4)
        #expect(s.timeline == [[0, 2], [12, 4], [20, 1]])
    }

    @Test func binOccupancyTimelineIsThinnedNotTruncated() {
        var bin = BinOccupancy(warmup: 0)
        for i in 0..<10_000 { bin.record(i % 2 == 0 ? 3 : 5, at: Double(i)) }
        let s = bin.summary(tpotMs: 20, end: 10_000)
        #expect(s.timeline.count <= BinOccupancy.timelineLimit)
        #expect(s.timeline.count >= BinOccupancy.timelineLimit / 2)
        #expect(s.timeline.first?[0] == 0)
        #expect(s.timeline.last![0] > 9_000, "the thinned timeline still reaches the end of the run")
        #expect(zip(s.timeline, s.timeline.dropFirst()).allSatisfy { $0[0] < $1[0] })
        #expect(abs(s.mean - 4) < 1e-9)
        #expect(s.peak == 5)
    }
}
