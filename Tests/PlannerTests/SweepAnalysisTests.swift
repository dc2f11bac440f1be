import Testing
@testable import PlannerKit

/// The sweep report's comparisons on figures made up by hand: the cost of
/// each SLA step, the cheapest profile per growth step, and the Pareto front.
@Suite struct SweepAnalysisTests {
    /// A scenario of premium TPOT × growth × GPU, costing `dollars` (`nil`: failed), meeting its targets unless `meets` is false.
    static func row(_ index: Int, tpot: Double, growth: Double, gpu: String, dollars: Double?, meets: Bool = true) -> SweepMerge.Row {
        let settings: [SweepScenario.Setting] = [.init(axis: "tiers.premium.tpot_ms", value: .number(tpot)), .init(axis: "rate_scale", value: .number(growth)),
                                                 .init(axis: "profile", value: .files(["../profiles/\(gpu).csv"]))]
        let scenario = SweepScenario(index: index, name: "s\(index)", settings: settings, workload: PlanInput(path: "w.yaml", sha256: ""), profiles: [],
                                     seed: 1, plan: SweepPlanSettings())
        guard let dollars else { return SweepMerge.Row(scenario: scenario, status: .failed("no")) }
        let total = PlanSummary.Row(tier: "total", tpotMs: nil, ttftMs: [], rateRps: 1, attainmentTarget: nil, attainment: nil, meetsTarget: meets,
                                    plannedGpus: dollars / 1000, dollarsPerMonth: dollars, dollarsPerMillionOutputTokens: nil)
        return SweepMerge.Row(scenario: scenario, status: .finished, summary: PlanSummary(extraColumns: [], rows: [total]), kind: .single)
    }

    /// premium 30/20/15 ms × growth 1/2 × H200/B200.
    static let merge: SweepMerge = {
        let costs: [(Double, Double, String, Double?)] = [
            (30, 1, "h200", 10_000), (30, 1, "b200", 12_000), (30, 2, "h200", 20_000), (30, 2, "b200", 19_000),
            (20, 1, "h200", 13_000), (20, 1, "b200", 12_500), (20, 2, "h200", 26_000), (20, 2, "b200", nil),
            (15, 1, "h200", 18_000), (15, 1, "b200", 14_000), (15, 2, "h200", 36_000), (15, 2, "b200", 27_000),
        ]
        let rows = costs.enumerated().map { row($0.offset, tpot: $0.element.0, growth: $0.element.1, gpu: $0.element.2, dollars: $0.element.3) }
        let header = SweepFolder.Header(name: "t", description: "", spec: PlanInput(path: "s.yaml", sha256: ""),
                                        axes: ["tiers.premium.tpot_ms", "rate_scale", "profile"], tiers: ["premium"], seed: 1, scenarios: rows.count)
        return SweepMerge(header: header, axes: [.tpot(tier: "premium"), .rateScale, .profiles], rows: rows)
    }()

    @Test func eachSLAStepCostsTheDifferenceWithTheOtherAxesHeld() {
        let steps = Self.merge.slaSteps(along: .tpot(tier: "premium"))
        let h200at1 = steps.filter { $0.group == "rate_scale=1 profile=h200" }
        #expect(h200at1.map(\.from) == [30, 20] && h200at1.map(\.to) == [20, 15])
        #expect(h200at1.map(\.dollarsPerMonth) == [3_000, 5_000])
        // B200 at growth 2 failed at 20 ms: its one step goes from 30 straight to 15.
        let b200at2 = steps.filter { $0.group == "rate_scale=2 profile=b200" }
        #expect(b200at2.count == 1 && b200at2[0].from == 30 && b200at2[0].to == 15 && b200at2[0].dollarsPerMonth == 8_000)
        #expect(steps.count == 7)
    }

    @Test func theCheapestProfileIsNamedAtEachStep() {
        let table = Self.merge.cheapestProfiles()
        #expect(table.count == 6)
        let byGroup = Dictionary(uniqueKeysWithValues: table.map { ($0.group, $0.cheapest) })
        #expect(byGroup["tiers.premium.tpot_ms=30 rate_scale=1"] == "h200")
        #expect(byGroup["tiers.premium.tpot_ms=30 rate_scale=2"] == "b200")
        #expect(byGroup["tiers.premium.tpot_ms=20 rate_scale=2"] == "h200", "the only one that planned")
        #expect(byGroup["tiers.premium.tpot_ms=15 rate_scale=1"] == "b200")
    }

    @Test func theParetoFrontKeepsOnlyChoicesNothingBeatsOnCostAndTightness() {
        let fronts = Self.merge.paretoFronts(along: .tpot(tier: "premium"))
        #expect(fronts.map(\.label) == ["rate_scale=1", "rate_scale=2"])
        // Growth 1: 15 ms at $14,000 (b200), 20 ms at $12,500 (b200), 30 ms at $10,000 (h200); h200 at 15/20 and b200 at 30 are dominated.
        #expect(fronts[0].rows.map(\.scenario.index) == [9, 5, 0])
        // Growth 2: 15 ms $27,000 (b200), 20 ms $26,000 (h200), 30 ms $19,000 (b200).
        #expect(fronts[1].rows.map(\.scenario.index) == [11, 6, 3])
        #expect(Self.merge.tightestServiceAxis == .tpot(tier: "premium"))
    }

    @Test func aPlanThatMissesATargetIsInNoComparison() {
        var m = Self.merge
        m.rows[9] = Self.row(9, tpot: 15, growth: 1, gpu: "b200", dollars: 1_000, meets: false)
        #expect(m.paretoFronts(along: .tpot(tier: "premium"))[0].rows.map(\.scenario.index) == [8, 5, 0])
        #expect(!m.signable.contains { $0.scenario.index == 9 } && m.finished.contains { $0.scenario.index == 9 })
    }

    @Test func attainmentTargetsTightenUpwards() {
        #expect(SweepMerge.tighter(0.99, than: 0.9, on: .attainmentTarget(tier: nil)))
        #expect(SweepMerge.tighter(15, than: 20, on: .tpot(tier: "x")) && !SweepMerge.tighter(20, than: 15, on: .ttft(tier: "x")))
    }
}
