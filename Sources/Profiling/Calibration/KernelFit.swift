import Foundation

/// Fits the roofline's shared factors and each engine's time per iteration to
/// measured static batches, and measures how well each whole group left out
/// of the fit is predicted.
///
/// Free: compute and memory efficiency, the per-layer time, the all-reduce
/// latency and link efficiency (each within ``RooflineParameters/ranges``),
/// and one iteration overhead per engine (0 to 20 ms). Fixed: the attention
/// efficiency, from kernels measured alone. The loss is robust (soft L1 on
/// the log ratio, scale 0.1), so a few runs the model does not describe
/// (TensorRT-LLM's Mixtral) do not drag the rest. The all-reduce terms carry
/// weak priors (latency 15 µs, link 0.7 of its bandwidth, within a factor of
/// 3 at one standard deviation): a fold whose training runs have no tensor
/// parallelism (only one GPU left, run at TP 1) cannot identify them, and
/// without a prior they would drift to a bound.
public struct KernelFit: Sendable {
    public struct Fitted: Sendable, Codable, Equatable {
        public var parameters: RooflineParameters
        /// Iteration overhead per engine, ms, by raw value.
        public var iterationOverheadMs: [String: Double]
        /// Overhead per running request in every iteration, per engine, ms, by raw value.
        public var sequenceOverheadMs: [String: Double]
        public var runs: Int

        public func overhead(_ engine: ServingEngine) -> Double { Self.value(iterationOverheadMs, engine) }
        public func sequenceOverhead(_ engine: ServingEngine) -> Double { Self.value(sequenceOverheadMs, engine) }

        /// An engine's figure, or the mean of the fitted engines' for one the fit never saw.
        static func value(_ figures: [String: Double], _ engine: ServingEngine) -> Double {
            figures[engine.rawValue] ?? (figures.values.reduce(0, +) / Double(max(figures.count, 1)))
        }
    }

    /// Errors of one group: with every run in the fit, and with the group's runs left out.
    public struct GroupError: Sendable, Codable, Equatable {
        public var grouping: StaticBatchCorpus.Grouping
        public var group: String
        public var runs: Int
        /// Median absolute relative error, fitted on every run.
        public var inSampleMedian: Double
        /// Median absolute relative error, fitted without this group.
        public var heldOutMedian: Double
        public var heldOutP90: Double
        /// Median signed error held out (positive: predicted slow).
        public var heldOutBias: Double
    }

    public var start = RooflineParameters.default
    public var evaluations = 3000

    public init() {}

    static let priors: [(index: Int, centre: Double)] = [(3, 0.015), (4, 0.7)]
    static let scale = 0.1

    /// Runs the closed form covers, with their rooflines; the rest by reason.
    public static func usable(_ runs: [StaticBatchRun], parameters: RooflineParameters = .default) -> (runs: [StaticBatchRun], excluded: [StaticBatchEstimate.Exclusion: Int]) {
        var kept: [StaticBatchRun] = []
        var excluded: [StaticBatchEstimate.Exclusion: Int] = [:]
        for run in runs {
            switch StaticBatchEstimate.roofline(run, parameters: parameters) {
            case .success: kept.append(run)
            case .failure(let e): excluded[e.reason, default: 0] += 1
            }
        }
        return (kept, excluded)
    }

    /// The fit on `runs` (all of them usable: see ``usable(_:parameters:)``). O(evaluations · runs).
    public func fit(_ runs: [StaticBatchRun]) -> Fitted {
        let engines = Array(Set(runs.map(\.engine.rawValue))).sorted()
        let r = RooflineParameters.ranges
        let ranges = [r.computeEfficiency, r.memoryEfficiency, r.layerOverheadMs, r.allReduceLatencyMs, r.interconnectEfficiency]
            + engines.map { _ in 0.0...20.0 } + engines.map { _ in 0.0...0.3 }
        let models = runs.map { run in (run, ModelArchitecture.named(run.model)!, GPUSpec.named(run.gpu)!, engines.firstIndex(of: run.engine.rawValue)!) }
        let sequenceBase = 5 + engines.count
        func parameters(_ x: [Double]) -> RooflineParameters {
            var p = start
            p.computeEfficiency = x[0]; p.memoryEfficiency = x[1]; p.layerOverheadMs = x[2]; p.allReduceLatencyMs = x[3]; p.interconnectEfficiency = x[4]
            p.iterationFloorMs = 0
            return p
        }
        let s = Self.scale
        let loss: ([Double]) -> Double = { x in
            let p = parameters(x)
            var total = 0.0
            for (run, model, gpu, e) in models {
                let roofline = RooflineModel(model: model, gpu: gpu, tensorParallel: run.tensorParallel, parameters: p)
                let r = Foundation.log(StaticBatchEstimate.latencyMs(run, roofline: roofline, iterationOverheadMs: x[5 + e],
                                                                     sequenceOverheadMs: x[sequenceBase + e]) / run.latencyMs)
                total += 2 * s * s * ((1 + r * r / (s * s)).squareRoot() - 1)
            }
            for prior in Self.priors {
                let z = Foundation.log(x[prior.index] / prior.centre) / Foundation.log(3.0)
                total += z * z * 0.01
            }
            return total
        }
        let x0 = [start.computeEfficiency, start.memoryEfficiency ?? 0.8, start.layerOverheadMs ?? 0.01, start.allReduceLatencyMs, start.interconnectEfficiency]
            + engines.map { ServingEngine(rawValue: $0)?.iterationOverheadMs ?? 1 } + engines.map { _ in 0.02 }
        var optimiser = NelderMead(ranges: ranges)
        optimiser.maximumEvaluations = evaluations
        let best = optimiser.minimise(loss, from: x0).point
        return Fitted(parameters: parameters(best), iterationOverheadMs: Dictionary(uniqueKeysWithValues: engines.enumerated().map { ($1, best[5 + $0]) }),
                      sequenceOverheadMs: Dictionary(uniqueKeysWithValues: engines.enumerated().map { ($1, best[sequenceBase + $0]) }), runs: runs.count)
    }

    /// Relative errors `(predicted − measured) / measured` of `runs` under `fitted`.
    public static func errors(_ runs: [StaticBatchRun], _ fitted: Fitted) -> [Double] {
        runs.map { run in
            let roofline = RooflineModel(model: .named(run.model)!, gpu: .named(run.gpu)!, tensorParallel: run.tensorParallel, parameters: fitted.parameters)
            return StaticBatchEstimate.latencyMs(run, roofline: roofline, iterationOverheadMs: fitted.overhead(run.engine),
                                                 sequenceOverheadMs: fitted.sequenceOverhead(run.engine)) / run.latencyMs - 1
        }
    }

    /// Leave-one-group-out: for each group of `grouping`, a fit without it and its errors. O(groups · fit).
    public func heldOut(_ runs: [StaticBatchRun], by grouping: StaticBatchCorpus.Grouping, all: Fitted) -> [GroupError] {
        let groups = Array(Set(runs.map { $0.group(grouping) })).sorted()
        return groups.map { g in
            let test = runs.filter { $0.group(grouping) == g }, train = runs.filter { $0.group(grouping) != g }
            let inSample = Self.errors(test, all).map(abs)
            let out = train.isEmpty ? [] : Self.errors(test, fit(train))
            let absOut = out.map(abs)
            return GroupError(grouping: grouping, group: g, runs: test.count, inSampleMedian: median(inSample),
                              heldOutMedian: absOut.isEmpty ? .nan : median(absOut), heldOutP90: absOut.isEmpty ? .nan : percentile(sorted: absOut.sorted(), 0.9),
                              heldOutBias: out.isEmpty ? .nan : median(out))
        }
    }
}
