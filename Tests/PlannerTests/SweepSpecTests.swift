import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Sweep files: the grid's order, listed points, every refusal by file, line and key,
/// and a scenario's edits of the base workload, all computed by hand.
@Suite struct SweepSpecTests {
    static let profile = Repository.path("workloads/profiles/h200-llama-3.1-8b-tp1.csv")
    static let b200 = Repository.path("workloads/profiles/b200-llama-3.1-8b-tp1.csv")

    /// A folder with `w.yaml` (two tiers) and `s.yaml` holding `spec`; returns the spec's path.
    static func files(_ spec: String, rate: Double = 40) -> String {
        let folder = TemporaryFiles.folder()
        TemporaryFiles.write("""
        name: tiny
        seed: 7
        profile: \(profile)
        attainment_target: 0.9
        arrivals: {process: poisson, rate_rps: \(rate)}
        lengths: {prompt: {law: fixed, value: 900}, output: {law: fixed, value: 100}}
        run: {requests: 400}
        tiers:
          - {name: fast, tpot_ms: 20, ttft_ms: {choices: [300, 500]}, share: 0.5}
          - {name: slow, tpot_ms: 100, ttft_ms: 1000, share: 0.5}
        """, name: "w.yaml", in: folder)
        return TemporaryFiles.write(spec, name: "s.yaml", in: folder)
    }

    @Test func aGridIsEveryCombinationWithTheFirstAxisSlowest() throws {
        let spec = try SweepSpec.load(path: Self.files("""
        name: g
        workload: w.yaml
        grid:
          tiers.fast.tpot_ms: [30, 20, 15]
          rate_scale: [1, 1.5]
        """))
        #expect(spec.axes == [.tpot(tier: "fast"), .rateScale])
        #expect(spec.seed == 7, "the workload's seed unless the sweep gives one")
        let names = try spec.scenarios(relativeTo: "/tmp/x").map(\.name)
        #expect(names == ["tiers.fast.tpot_ms=30 rate_scale=1", "tiers.fast.tpot_ms=30 rate_scale=1.5",
                          "tiers.fast.tpot_ms=20 rate_scale=1", "tiers.fast.tpot_ms=20 rate_scale=1.5",
                          "tiers.fast.tpot_ms=15 rate_scale=1", "tiers.fast.tpot_ms=15 rate_scale=1.5"])
    }

    @Test func listedPointsSetOnlyWhatTheyName() throws {
        let spec = try SweepSpec.load(path: Self.files("""
        name: p
        workload: w.yaml
        seed: 99
        points:
          - {rate_scale: 2}
          - {tiers.slow.ttft_ms: 2000, serving: disaggregated}
        """))
        let s = try spec.scenarios(relativeTo: "/tmp/x")
        #expect(spec.axes == [.rateScale, .ttft(tier: "slow"), .serving] && s.map(\.seed) == [99, 99])
        #expect(s[0].settings == [.init(axis: "rate_scale", value: .number(2))])
        #expect(s[1].name == "tiers.slow.ttft_ms=2000 serving=disaggregated" && s[1].value(.rateScale) == nil)
    }

    @Test func aScenarioEditsTheBaseWorkloadAsItsAxesSay() throws {
        let path = Self.files("""
        name: e
        workload: w.yaml
        plan: {replications: 2, latency_range: false, max_requests: 5000, policies: [random]}
        points:
          - {rate_scale: 2.5, tiers.fast.tpot_ms: 30, tiers.fast.ttft_ms: 800, tiers.slow.attainment_target: 0.99, attainment_target: 0.95}
          - {profile: [\(Self.profile), \(Self.b200)], polyserve.borrow_looser_servers: true, polyserve.steady_batch: amortised-prefill}
        """)
        let folder = (path as NSString).deletingLastPathComponent
        let s = try SweepSpec.load(path: path).scenarios(relativeTo: folder)
        let a = try s[0].request(in: folder, jobs: 1)
        let w = a.inputs.workload
        #expect(w.totalRate == 100, "40 req/s × 2.5")
        #expect(w.tiers[0].tpotMs == 30 && w.tiers[0].ttftChoicesMs == [800] && w.tiers[0].ttftProbabilities == [1])
        #expect(w.tiers[1].tpotMs == 100 && w.tiers[1].attainmentTarget == 0.99 && w.attainmentTarget == 0.95)
        #expect(w.tierTargets == [0.95, 0.99])
        #expect(a.settings.replications == 2 && !a.settings.searchesLatencyRange && a.settings.limits.requests == 5000)
        #expect(a.settings.policies == [.polyserve, .random], "PolyServe is always planned")
        #expect(a.inputs.profiles.count == 1 && a.serving == nil)
        let b = try s[1].request(in: folder, jobs: 1)
        #expect(b.inputs.profiles.map(\.metadata.gpu) == ["H200", "B200"] && b.inputs.workload.totalRate == 40)
        #expect(b.settings.polyserve.borrowLooserServers && b.settings.polyserve.steadyBatch == .amortisedPrefill)
        #expect(try b.kind() == .mixed)
    }

    @Test func anInputChangedSinceTheSweepWasPlannedIsRefused() throws {
        let path = Self.files("name: c\nworkload: w.yaml\ngrid: {rate_scale: [1]}\n")
        let folder = (path as NSString).deletingLastPathComponent
        let s = try SweepSpec.load(path: path).scenarios(relativeTo: folder)
        try "# edited\n".appendToFile(folder + "/w.yaml")
        #expect { try s[0].request(in: folder, jobs: 1) } throws: { "\($0)".contains("w.yaml changed since the sweep was planned") }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var spec: String
        var words: [String]
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        .init(name: "unknown axis", spec: "grid: {rate: [1]}", words: ["s.yaml:4", "grid.rate", "unknown axis 'rate'", "tiers.<tier>.tpot_ms"]),
        .init(name: "unknown tier", spec: "grid: {tiers.fats.tpot_ms: [10]}", words: ["no tier 'fats'", "did you mean 'fast'"]),
        .init(name: "zero rate scale", spec: "grid: {rate_scale: [1, 0]}", words: ["grid.rate_scale[1]"]),
        .init(name: "negative TPOT", spec: "grid: {tiers.fast.tpot_ms: [-5]}", words: ["grid.tiers.fast.tpot_ms[0]"]),
        .init(name: "target above one", spec: "grid: {attainment_target: [1.5]}", words: ["fraction", "1.5"]),
        .init(name: "a value twice", spec: "grid: {rate_scale: [1, 2, 1]}", words: ["grid.rate_scale", "listed twice"]),
        .init(name: "grid and points", spec: "grid: {rate_scale: [1]}\npoints: [{rate_scale: 2}]", words: ["'grid' or 'points', not both"]),
        .init(name: "neither", spec: "plan: {replications: 1}", words: ["missing 'grid'"]),
        .init(name: "too many", spec: "grid: {rate_scale: [\((1...101).map(String.init).joined(separator: ", "))], tiers.fast.tpot_ms: [\((1...101).map { String(20 + $0) }.joined(separator: ", "))]}",
              words: ["10201 scenarios", "at most 10000"]),
        .init(name: "missing profile", spec: "grid: {profile: [nope.csv]}", words: ["grid.profile", "no such file", "nope.csv"]),
        .init(name: "bad serving", spec: "grid: {serving: [split]}", words: ["'split' is not a serving mode", "colocated, disaggregated, both"]),
        .init(name: "bad flag", spec: "grid: {polyserve.borrow_looser_servers: [maybe]}", words: ["expected true or false"]),
        .init(name: "bad policy", spec: "plan: {policies: [fastest]}\ngrid: {rate_scale: [1]}", words: ["plan.policies[0]", "unknown policy 'fastest'"]),
        .init(name: "replications", spec: "plan: {replications: 0}\ngrid: {rate_scale: [1]}", words: ["plan.replications"]),
        .init(name: "empty axis", spec: "grid: {rate_scale: []}", words: ["at least one value"]),
        .init(name: "same point twice", spec: "points: [{rate_scale: 2}, {rate_scale: 2}]", words: ["points[1]", "listed twice"]),
        .init(name: "speculation to vary", spec: "grid: {speculative_decoding.acceptance: [0.5]}", words: ["no 'speculative_decoding' to start from"]),
    ]

    @Test(arguments: refusals) func aBadSweepIsRefusedByPlaceAndReason(_ r: Refusal) throws {
        let path = Self.files("name: bad\nworkload: w.yaml\nseed: 1\n" + r.spec + "\n")
        do {
            _ = try SweepSpec.load(path: path)
            Issue.record("\(r.name): accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("s.yaml"), "\(r.name): \(text)")
            for w in r.words { #expect(text.contains(w), "\(r.name): '\(w)' not in: \(text)") }
        }
    }

    /// Every bundled sweep loads (one whose workload needs the shared data is skipped without it).
    @Test func bundledSweepsLoad() throws {
        let folder = Repository.path("workloads/sweeps")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder).filter({ $0.hasSuffix(".yaml") }) {
            do {
                let spec = try SweepSpec.load(path: folder + "/" + file)
                #expect(!spec.points.isEmpty && !spec.axes.isEmpty, "\(file)")
            } catch {
                guard "\(error)".contains("shared/data") else { throw error }
                print("bundledSweepsLoad: \(file) skipped, its inputs are not here: \(error)")
            }
        }
    }

    @Test func axisKeysReadBackAsTheyAreWritten() {
        let axes: [SweepAxis] = [.rateScale, .attainmentTarget(tier: nil), .attainmentTarget(tier: "a.b"), .tpot(tier: "x"), .ttft(tier: "tiers"),
                                 .profiles, .serving, .prefixCaching, .speculativeDecoding, .acceptance, .draftTokens,
                                 .steadyBatch, .borrowLooserServers, .deadlineAwareChunks, .prefixAffinity]
        for a in axes { #expect(SweepAxis(key: a.key) == a, "\(a.key)") }
        // Values read exactly in names and sweep.csv: 0.85 is not 0.9.
        #expect(SweepValue.number(0.85).description == "0.85" && SweepValue.number(2).description == "2" && SweepValue.number(1.25).description == "1.25")
        #expect(SweepAxis(key: "tiers..tpot_ms") == nil && SweepAxis(key: "tiers.x.rate") == nil && SweepAxis(key: "tpot_ms") == nil)
    }
}

extension String {
    func appendToFile(_ path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
        try handle.close()
    }
}
