/// Compares the roofline with measured splitwise-sim rows, and fits its factors.
public enum RooflineCalibration {
    public enum Phase: String, Sendable, Codable { case decode, prefill }

    /// One measured iteration next to the roofline's prediction.
    public struct Comparison: Sendable {
        public var gpu: String
        public var tensorParallel: Int
        public var phase: Phase
        public var tokenBatch: Double
        public var kvTokens: Double
        public var measuredMs: Double
        public var predictedMs: Double
        public var absolutePercentError: Double { abs(predictedMs - measuredMs) / measuredMs * 100 }
    }

    /// Median and p90 absolute percentage error of one GPU and phase.
    public struct Summary: Sendable, Codable, Equatable {
        public var gpu: String
        public var phase: Phase
        public var points: Int
        public var medianAPE: Double
        public var p90APE: Double
    }

    /// Measurements of models the catalogue knows, on GPUs the catalogue knows.
    /// `floors` gives the iteration floor per catalogue GPU name (the framework's, per platform).
    public static func compare(_ rows: [SplitwiseMeasurement], parameters: RooflineParameters,
                               floors: [String: Double]) -> [Comparison] {
        var out: [Comparison] = []
        for row in rows {
            guard let model = ModelArchitecture.named(row.model), let gpu = GPUSpec.named(row.hardware) else { continue }
            var p = parameters
            p.iterationFloorMs = floors[gpu.name] ?? parameters.iterationFloorMs
            let roofline = RooflineModel(model: model, gpu: gpu, tensorParallel: row.tensorParallel, parameters: p)
            for (phase, point) in [(Phase.prefill, row.prefillPoint), (.decode, row.decodePoint)] {
                out.append(Comparison(gpu: gpu.name, tensorParallel: row.tensorParallel, phase: phase, tokenBatch: point.tokenBatch,
                                      kvTokens: point.kvTokens, measuredMs: point.ms,
                                      predictedMs: roofline.iterationMs(tokenBatch: point.tokenBatch, kvTokens: point.kvTokens)))
            }
        }
        return out
    }

    public static func summarize(_ comparisons: [Comparison]) -> [Summary] {
        let groups = Dictionary(grouping: comparisons) { "\($0.gpu)|\($0.phase.rawValue)" }
        return groups.keys.sorted().map { key in
            let group = groups[key]!
            let errors = group.map(\.absolutePercentError).sorted()
            return Summary(gpu: group[0].gpu, phase: group[0].phase, points: errors.count,
                           medianAPE: median(errors), p90APE: percentile(sorted: errors, 0.9))
        }
    }

    /// Grid search for the hardware factors (shared by all GPUs) and one floor
    /// per GPU, minimising median decode error plus median prefill error.
    /// Coarse by design: a few tens of thousands of evaluations, well under a second in release.
    public static func fit(_ rows: [SplitwiseMeasurement]) -> (parameters: RooflineParameters, floors: [String: Double]) {
        let gpus = Array(Set(rows.compactMap { GPUSpec.named($0.hardware)?.name })).sorted()
        var best: (score: Double, parameters: RooflineParameters, floors: [String: Double])? = nil
        let floorCandidates = stride(from: 0.0, through: 60.0, by: 2.0).map { $0 }
        for ce in stride(from: 0.2, through: 0.9, by: 0.025) {
            for me in stride(from: 0.4, through: 0.95, by: 0.05) {
                for ar in [0, 0.005, 0.01, 0.02, 0.04] {
                    let p = RooflineParameters(computeEfficiency: ce, memoryEfficiency: me, allReduceLatencyMs: ar, iterationFloorMs: 0)
                    // Floors act per GPU, so each GPU's floor is chosen independently.
                    var floors: [String: Double] = [:]
                    var score = 0.0
                    for gpu in gpus {
                        let gpuRows = rows.filter { GPUSpec.named($0.hardware)?.name == gpu }
                        var bestFloor = (score: Double.infinity, floor: 0.0)
                        for f in floorCandidates {
                            let s = objective(compare(gpuRows, parameters: p, floors: [gpu: f]))
                            if s < bestFloor.score { bestFloor = (s, f) }
                        }
                        floors[gpu] = bestFloor.floor
                        score += bestFloor.score
                    }
                    if best == nil || score < best!.score { best = (score, p, floors) }
                }
            }
        }
        var parameters = best?.parameters ?? .default
        parameters.iterationFloorMs = RooflineParameters.default.iterationFloorMs
        return (parameters, best?.floors ?? [:])
    }

    static func objective(_ comparisons: [Comparison]) -> Double {
        let decode = comparisons.filter { $0.phase == .decode }.map(\.absolutePercentError)
        let prefill = comparisons.filter { $0.phase == .prefill }.map(\.absolutePercentError)
        return (decode.isEmpty ? 0 : median(decode)) + (prefill.isEmpty ? 0 : median(prefill))
    }
}
