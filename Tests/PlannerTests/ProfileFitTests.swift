import Foundation
import Profiling
import Testing
import PlannerTestSupport
@testable import PlannerKit

@Suite("Profile fit from a user's runs")
struct ProfileFitTests {
    static let corpus = SharedData.path("measured/vllm-0.15-serving")

    /// The profile a user would generate for the deployment: the bundled engine's figures.
    static func generated(gpu: String, model: String, tp: Int) throws -> LatencyProfile {
        let engine = ServingEngine.vllm015
        var p = try RooflineGenerator.profile(model: ModelArchitecture.named(model)!, gpu: GPUSpec.named(gpu)!, tensorParallel: tp,
                                              parameters: engine.kernels())
        engine.apply(to: &p.metadata)
        return p
    }

    /// The round trip: four runs of Qwen3-14B on one H100 under vLLM 0.15
    /// (four loads), fitted on the three lighter ones and checked on the
    /// heaviest (8 then 20 req/s), which the fit never saw.
    @Test(.slow, .enabled(if: SharedData.available, "needs ../shared/data/measured"))
    func fitsThreeRunsAndPredictsTheFourth() throws {
        let runs = try ServingCorpus.load(folder: Self.corpus).benchmarkRuns(experiments: ["14", "15", "59", "13"])
        var settings = ProfileFit.Settings()
        settings.iterationGridMs = [0.5, 1, 2]
        let fit = try ProfileFit(runs: runs, profile: try Self.generated(gpu: "H100-SXM", model: "Qwen3-14B", tp: 1), settings: settings)
        let (terms, point) = fit.fit([0, 1, 2])
        let errors = fit.errors(3, point: point, terms: terms)
        #expect(runs[3].centralMetrics.count == 3)
        for m in runs[3].centralMetrics { #expect(abs(errors[m]!) <= 0.10, "\(runs[3].name) \(m): \(errors[m]!) under \(terms)") }
    }

    /// A short synthetic run of Llama-3.1-8B: `count` requests of 500/100
    /// tokens at `rate`, with the figures the profile gives at per-step time
    /// `stepMs` and per-request time `requestMs` (or the figures passed).
    static func synthetic(_ name: String, rate: Double, on base: LatencyProfile, stepMs: Double, requestMs: Double,
                          metrics: [ServingMetric], deployment: BenchmarkRun.Deployment = .init()) throws -> BenchmarkRun {
        var run = BenchmarkRun(name: name, source: "test", checksum: "", deployment: deployment, load: .requests(.poisson(rate: rate), count: 300),
                               lengths: .independent(prompt: .fixed(500), output: .fixed(100)), lengthsMeasured: true,
                               measured: Dictionary(uniqueKeysWithValues: metrics.map { ($0, 1.0) }))
        var p = base
        p.metadata.iterationOverheadMs = stepMs
        p.metadata.requestOverheadMs = requestMs
        run.measured = try run.replay(on: p, tokenBudget: 2048).values
        return run
    }

    static let centres: [ServingMetric] = [.init(.mean, .ttft), .init(.median, .tpot), .init(.mean, .e2e), .init(.p99, .e2e)]

    @Test func recoversTheTermsARunWasMadeWith() throws {
        let base = try Self.generated(gpu: "H100-SXM", model: "Llama-3.1-8B", tp: 1)
        let runs = try [2.0, 8.0, 16.0].map { try Self.synthetic("\($0) req/s", rate: $0, on: base, stepMs: 1.5, requestMs: 10, metrics: Self.centres) }
        var settings = ProfileFit.Settings()
        settings.iterationGridMs = [0, 0.5, 1.5, 3]
        let result = try ProfileFit(runs: runs, profile: base, settings: settings).result()
        #expect(result.terms.iterationOverheadMs == 1.5)
        #expect(result.terms.requestOverheadMs == 10)
        // Centres are exact; tails come from the simulator's latency sketch, exact to its bucket width.
        for row in result.runs { for (metric, e) in row.inSample { #expect(abs(e) < (metric.hasPrefix("p") ? 1e-2 : 1e-9), "\(row.run) \(metric)") } }
        #expect(result.band < 1e-9)
    }

    @Test(.enabled(if: SharedData.available, "needs ../shared/data/measured"))
    func refusesRunsOfTwoGPUs() throws {
        let runs = try ServingCorpus.load(folder: Self.corpus).benchmarkRuns(experiments: ["13", "36"])
        let base = try Self.generated(gpu: "H100-SXM", model: "Qwen3-14B", tp: 1)
        #expect { try ProfileFit(runs: runs, profile: base) } throws: { e in
            guard case let .mixedDeployments(field, values) = e as? ProfileFitError else { return false }
            return field == "GPU" && Set(values.keys) == ["H100-SXM", "A100-80GB"]
        }
    }

    @Test func refusesRunsOfAnotherModelThanTheProfile() throws {
        let base = try Self.generated(gpu: "H100-SXM", model: "Llama-3.1-8B", tp: 1)
        let runs = try [2.0, 8.0].map { try Self.synthetic("\($0)", rate: $0, on: base, stepMs: 0, requestMs: 0, metrics: Self.centres,
                                                            deployment: .init(model: "Qwen/Qwen3-14B")) }
        #expect(throws: ProfileFitError.notTheProfile(run: "2.0", field: "model", measured: "Qwen3-14B", profile: "Llama-3.1-8B")) {
            try ProfileFit(runs: runs, profile: base)
        }
        #expect(throws: ProfileFitError.tooFewRuns(1)) { try ProfileFit(runs: [runs[0]], profile: base) }
    }

    /// TTFT alone at a light load is one figure per run that the per-step time
    /// (a few steps of it) and the per-request time both move: 30 ms above
    /// the kernels' TTFT can be any mix of the two.
    @Test func refusesTermsTheRunsCannotTellApart() throws {
        let base = try Self.generated(gpu: "H100-SXM", model: "Llama-3.1-8B", tp: 1)
        let ttft = [ServingMetric(.mean, .ttft)]
        let runs = try [1.0, 2.0].map { try Self.synthetic("\($0)", rate: $0, on: base, stepMs: 0, requestMs: 30, metrics: ttft) }
        var settings = ProfileFit.Settings()
        settings.iterationGridMs = [0, 1, 2]
        #expect { try ProfileFit(runs: runs, profile: base, settings: settings).result() } throws: { e in
            guard case let .notIdentified(term, _, _, _, _) = e as? ProfileFitError else { return false }
            return term == "per-step time"
        }
    }

    /// A TPOT three times the profile's is beyond any per-step time the fit may choose.
    @Test func refusesAFitThatLeavesARunOff() throws {
        let base = try Self.generated(gpu: "H100-SXM", model: "Llama-3.1-8B", tp: 1)
        var runs = try [2.0, 8.0].map { try Self.synthetic("\($0)", rate: $0, on: base, stepMs: 0.5, requestMs: 5, metrics: Self.centres) }
        runs[1].measured[.init(.median, .tpot)]! *= 3
        var settings = ProfileFit.Settings()
        settings.iterationGridMs = [0, 1, 2, 4]
        #expect { try ProfileFit(runs: runs, profile: base, settings: settings).result() } throws: { e in
            guard case let .offModel(offenders, limit) = e as? ProfileFitError else { return false }
            return limit == 0.15 && offenders.contains { $0.run == "8.0" && $0.metric == .init(.median, .tpot) && $0.why.contains("time per step") }
        }
    }
}
