import Foundation
import Profiling

/// The latency model against the shared measured corpus: static batches
/// (kernels and offline engines) and online serving runs (the simulator and
/// a serving engine), each fitted on all of its runs and again with every
/// whole group (a GPU, a model, a TP degree) left out.
public struct LatencyValidation: Sendable {
    /// GPUs whose static batches the kernel factors are fitted to. The others
    /// (MI300X under ROCm) are only predicted, never fitted.
    public static let fittedGPUs: Set<String> = ["A100-40GB", "GH200"]

    public struct StaticSection: Sendable, Codable {
        public var source: String
        public var fitted: KernelFit.Fitted
        public var runs: Int
        /// Rows outside the model, by reason.
        public var excluded: [String: Int]
        public var groups: [KernelFit.GroupError]
        /// GPUs never fitted: their median absolute error under the full fit.
        public var unfittedGPUs: [String: Double]
    }

    public struct ServingSection: Sendable, Codable {
        public var source: String
        public var engine: ServingEngine
        public var fitted: EngineServingFit.Fitted
        public var runs: [EngineServingFit.RunError]
        public var groups: [EngineServingFit.GroupError]
        /// Per grouping, every run's error with its group left out, summarised over runs.
        public var heldOut: [EngineServingFit.HeldOutSummary] = []
        public var skipped: [String]
        public var inSampleE2EMedian: Double
        public var inSampleTTFTMedian: Double
        /// What the replays cached of the runs' prompts (vLLM's prefix caching
        /// was on in every run), and the share of prompt tokens the simulated
        /// caches served over all runs at the fitted terms; `nil` without caching.
        public var promptReuse = PromptReuse.wholePrompts
        public var prefixHitRate: Double? = nil
        /// The held-out mean-E2E error of every group, as the bands a generated profile carries.
        public func bands(source: String) -> LatencyBands {
            LatencyBands(rows: groups.map { .init(engine: engine.rawValue, grouping: $0.grouping.rawValue, group: $0.group, heldOutError: $0.heldOutE2EMedian) },
                         source: source)
        }

        /// Whether the engine as bundled (``ServingEngine/kernels(_:)`` and its
        /// overheads) holds what this fit found, to the grid and 0.1 ms.
        public var bundledMatchesFit: Bool {
            let p = engine.kernels()
            return p.computeEfficiency == fitted.computeEfficiency && (p.expertComputeEfficiency ?? p.computeEfficiency) == fitted.expertComputeEfficiency
                && p.interconnectEfficiency == fitted.interconnectEfficiency && p.allReduceLatencyMs == fitted.allReduceLatencyMs
                && p.overlapExponent == fitted.overlapExponent
                && engine.iterationOverheadMs == fitted.iterationOverheadMs && abs(engine.requestOverheadMs - fitted.requestOverheadMs) < 0.1
        }
    }

    public struct Report: Sendable, Codable {
        public var staticBatches: StaticSection?
        public var serving: ServingSection?
        public init() {}
    }

    public var kernelFit = KernelFit()
    /// What serving replays cache of the runs' prompts (``PromptReuse``).
    public var promptReuse = PromptReuse.wholePrompts

    public init() {}

    /// The static-batch section from LLM-Inference-Bench's CSV. O(groups · fit).
    public func staticSection(path: String) throws(InputError) -> StaticSection {
        let corpus = try StaticBatchCorpus.load(path: path)
        let (usable, excluded) = KernelFit.usable(corpus.runs)
        let fitRuns = usable.filter { Self.fittedGPUs.contains($0.gpu) }
        let all = kernelFit.fit(fitRuns)
        var groups: [KernelFit.GroupError] = []
        for grouping in StaticBatchCorpus.Grouping.allCases { groups += kernelFit.heldOut(fitRuns, by: grouping, all: all) }
        var unfitted: [String: Double] = [:]
        for gpu in Set(usable.map(\.gpu)).subtracting(Self.fittedGPUs) {
            unfitted[gpu] = median(KernelFit.errors(usable.filter { $0.gpu == gpu }, all).map(abs))
        }
        var reasons = corpus.skipped
        for (reason, n) in excluded { reasons[reason.rawValue, default: 0] += n }
        return StaticSection(source: path, fitted: all, runs: fitRuns.count, excluded: reasons, groups: groups, unfittedGPUs: unfitted)
    }

    /// The serving section from the vLLM 0.15 runs, on `parameters`. O(runs · grid · simulation).
    public func servingSection(folder: String, parameters: RooflineParameters, progress: (Int, Int) -> Void = { _, _ in }) throws -> ServingSection {
        let corpus = try ServingCorpus.load(folder: folder)
        let fit = try EngineServingFit(runs: corpus.runs, parameters: parameters, promptReuse: promptReuse, progress: progress)
        let all = fit.fit(Array(corpus.runs.indices))
        let byGrouping = ServingCorpus.Grouping.allCases.map { fit.heldOut(by: $0, all: all) }
        let groups = byGrouping.flatMap { $0 }
        let runs = fit.runErrors(all)
        var section = ServingSection(source: folder, engine: .vllm015, fitted: all, runs: runs, groups: groups, skipped: corpus.skipped,
                                     inSampleE2EMedian: median(runs.map { abs($0.inSampleE2E) }), inSampleTTFTMedian: median(runs.map { abs($0.inSampleTTFT) }))
        section.promptReuse = promptReuse
        section.heldOut = byGrouping.compactMap { fit.heldOutSummary($0) }
        section.prefixHitRate = fit.prefixHitRate(all)
        return section
    }
}
