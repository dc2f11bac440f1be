import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// The range of a plan: PolyServe's smallest fleet with every latency at the
/// edges of the profile's error band.
@Suite(.serialized) struct LatencyRangeTests {
    /// By hand: scaling by 2 doubles every table value and every engine term,
    /// and leaves capacity, price and the running cap alone.
    @Test func scalingMultipliesEveryTime() throws {
        var p = try TestProfiles.grid(batches: [1, 64], kvCapacity: 1000, values: [5, 9, 6, 11])
        p.metadata.iterationOverheadMs = 1
        p.metadata.sequenceOverheadMs = 0.1
        p.metadata.requestOverheadMs = 20
        p.metadata.prefillAttentionMsPerMillionPairs = 3
        p.metadata.maxRunningRequests = 64
        let s = try p.scaled(by: 2)
        #expect(s.table.values == [10, 18, 12, 22])
        #expect(s.metadata.iterationOverheadMs == 2 && s.metadata.sequenceOverheadMs == 0.2 && s.metadata.requestOverheadMs == 40)
        #expect(s.metadata.prefillAttentionMsPerMillionPairs == 6)
        #expect(s.metadata.kvCapacityTokens == 1000 && s.metadata.maxRunningRequests == 64 && s.metadata.pricePerGPUHour == 1)
        // 5 + 1 + 2 × 0.1 at batch 1 with two sequences, doubled.
        #expect(abs(s.iterationMs(tokenBatch: 1, kvTokens: 0, sequences: 2) - 2 * p.iterationMs(tokenBatch: 1, kvTokens: 0, sequences: 2)) < 1e-12)
    }

    @Test func theBandRoundTripsAndIsChecked() throws {
        let path = Repository.path("workloads/profiles/h200-llama-3.1-8b-tp1.csv")
        var p = try ProfileFormat.read(path: path)
        #expect(p.metadata.latencyBand == nil, "H200 is outside the serving corpus: no validated band")
        p.metadata.latencyBand = 0.15
        let text = ProfileFormat.encode(p)
        #expect(text.contains("# latency_band: 0.15\n"))
        let file = TemporaryFiles.write(text, name: "p.csv")
        #expect(try ProfileFormat.read(path: file).metadata.latencyBand == 0.15)
        let bad = TemporaryFiles.write(text.replacingOccurrences(of: "# latency_band: 0.15", with: "# latency_band: 1.5"), name: "p.csv")
        do {
            _ = try ProfileFormat.read(path: bad)
            Issue.record("a band of 1.5 was accepted")
        } catch {
            #expect(error.field == "latency_band" && error.message.contains("between 0 and 1"))
        }
    }

    /// The plan's range brackets its fleet, widens with the band, and reaches
    /// summary.csv's total row; an unvalidated profile gets the default band.
    @Test(.slow) func theRangeBracketsThePlanAndWidensWithTheBand() throws {
        let plan = try TestPlans.shared.get()
        let range = try #require(plan.latencyRange)
        #expect(!range.validated && range.band == LatencyRange.unvalidatedBand)
        let low = try #require(range.lowInstances), high = try #require(range.highInstances)
        #expect(low <= plan.commonFleet && plan.commonFleet <= high && low < high, "\(low) ≤ \(plan.commonFleet) ≤ \(high)")

        let total = try #require(try PlanSummary(csv: plan.summary().csv(), source: "summary.csv").total)
        #expect(total.plannedGpusLow == Double(try #require(range.lowGpus)))
        #expect(total.plannedGpusHigh == Double(try #require(range.highGpus)))

        #expect(plan.html().contains("<b>\(low)–\(high) GPUs</b>") && plan.html().contains("no validated latency band"), "the report's headline gives the range and the warning")

        let w = try TestPlans.smallWorkload()
        var profile = try ProfileFormat.read(path: w.profilePaths[0])
        var runner = PlanRunner(workload: w, profile: profile, inputs: [], jobs: 2, replications: 2)
        // The plan's own range is the default band (a quarter); a validated tenth, searched the same way, sits inside it.
        #expect(LatencyRange.unvalidatedBand > 0.1)
        profile.metadata.latencyBand = 0.1
        runner.profile = profile
        let narrow = try runner.latencyRange(sizing: plan.bounds.sizing, planned: plan.commonFleet)
        #expect(narrow.validated && narrow.band == 0.1)
        let edges = [(try #require(narrow.lowInstances), try #require(narrow.highInstances)), (low, high)]
        #expect(edges[1].0 <= edges[0].0 && edges[0].0 <= plan.commonFleet, "a wider band reaches lower: \(edges)")
        #expect(edges[1].1 >= edges[0].1 && edges[0].1 >= plan.commonFleet, "a wider band reaches higher: \(edges)")
        // Fleets are whole, so a wider band may land on the same counts, never inside them.
        #expect(edges[1].1 - edges[1].0 >= edges[0].1 - edges[0].0)

        // A band the slow edge cannot serve at any size stops at the ceiling and says so:
        // the profile is slowed until its lightest iteration takes 0.9 times the tightest
        // TPOT, so 1.6 times it is past the TPOT at any fleet size.
        let lightest = profile.iterationMs(tokenBatch: 1, kvTokens: 0, sequences: 1)
        profile = try profile.scaled(by: 0.9 * (try #require(w.tpotBinsMs.first)) / lightest)
        profile.metadata.latencyBand = 0.6
        runner.profile = profile
        let wide = try runner.latencyRange(sizing: plan.bounds.sizing, planned: plan.commonFleet)
        #expect(wide.highInstances == nil && wide.searchCeiling == LatencyRange.ceilingFactor * plan.commonFleet)
    }
}
