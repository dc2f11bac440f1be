import Foundation
import Profiling
import Testing
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
    @Test(.enabled(if: SharedData.available, "needs ../shared/data/measured"))
    func fitsThreeRunsAndPredictsTheFourth() throws {
        let runs = try ServingCorpus.load(folder: Self.corpus).benchmarkRuns(experiments: ["14", "15", "59", "13"])
        var settings = ProfileFit.Settings()
        settings.iterationGridMs = [0, 0.5, 1, 2, 4]
        let fit = try ProfileFit(runs: runs, profile: try Self.generated(gpu: "H100-SXM", model: "Qwen3-14B", tp: 1), settings: settings)
        let (terms, point) = fit.fit([0, 1, 2])
        let errors = fit.errors(3, point: point, terms: terms)
        #expect(runs[3].centralMetrics.count == 3)
        for m in runs[3].centralMetrics { #expect(abs(errors[m]!) <= 0.10, "\(runs[3].name) \(m): \(errors[m]!) under \(terms)") }
    }
}
