/// Compares the roofline with measured splitwise-sim rows, and fits its factors.
///
/// The fit sees only the ``Sample/fit`` rows (TP 2 and TP 4); the TP 8 rows
/// are held out, so their errors are out of sample. Rows whose prefill is
/// physically impossible (``Swift/Array/impossiblePrefills``) are left out of both.
public enum RooflineCalibration {
    public enum Phase: String, Sendable, Codable { case decode, prefill }

    /// Whether a row may inform the fit.
    public enum Sample: String, Sendable, Codable {
        case fit
        case heldOut = "held out"

        /// The tensor-parallel degrees the fit may see.
        public static let fitTensorParallel: Set<Int> = [2, 4]
        init(tensorParallel: Int) { self = Self.fitTensorParallel.contains(tensorParallel) ? .fit : .heldOut }
    }

    /// One measured iteration next to the roofline's prediction.
    public struct Comparison: Sendable {
        public var gpu: String
        public var tensorParallel: Int
        public var phase: Phase
        public var sample: Sample
        public var tokenBatch: Double
        public var kvTokens: Double
        public var prefillPairs: Double
        public var measuredMs: Double
        public var predictedMs: Double
        public var absolutePercentError: Double { abs(predictedMs - measuredMs) / measuredMs * 100 }
    }

    /// Median and p90 absolute percentage error of one GPU, phase and sample.
    public struct Summary: Sendable, Codable, Equatable {
        public var gpu: String
        public var phase: Phase
        public var sample: Sample
        public var points: Int
        public var medianAPE: Double
        public var p90APE: Double
    }

    /// Measurements of models the catalogue knows, on GPUs the catalogue knows.
    /// `floors` gives the iteration floor per catalogue GPU name (the framework's, per platform).
    public static func compare(_ rows: [SplitwiseMeasurement], parameters: RooflineParameters,
                               floors: [String: Double]) -> [Comparison] {
        var out: [Comparison] = []
        let impossible = rows.impossiblePrefills
        for (index, row) in rows.enumerated() {
            guard let model = ModelArchitecture.named(row.model), let gpu = GPUSpec.named(row.hardware) else { continue }
            var p = parameters
            p.iterationFloorMs = floors[gpu.name] ?? parameters.iterationFloorMs
            let roofline = RooflineModel(model: model, gpu: gpu, tensorParallel: row.tensorParallel, parameters: p)
            let sample = Sample(tensorParallel: row.tensorParallel)
            let prefill = row.prefillPoint, decode = row.decodePoint
            if !impossible.contains(index) {
                out.append(Comparison(gpu: gpu.name, tensorParallel: row.tensorParallel, phase: .prefill, sample: sample,
                                      tokenBatch: prefill.tokenBatch, kvTokens: prefill.kvTokens, prefillPairs: prefill.prefillPairs,
                                      measuredMs: prefill.ms,
                                      predictedMs: roofline.iterationMs(tokenBatch: prefill.tokenBatch, kvTokens: prefill.kvTokens,
                                                                        prefillPairs: prefill.prefillPairs)))
            }
            out.append(Comparison(gpu: gpu.name, tensorParallel: row.tensorParallel, phase: .decode, sample: sample,
                                  tokenBatch: decode.tokenBatch, kvTokens: decode.kvTokens, prefillPairs: 0, measuredMs: decode.ms,
                                  predictedMs: roofline.iterationMs(tokenBatch: decode.tokenBatch, kvTokens: decode.kvTokens)))
        }
        return out
    }

    public static func summarize(_ comparisons: [Comparison]) -> [Summary] {
        let groups = Dictionary(grouping: comparisons) { "\($0.gpu)|\($0.phase.rawValue)|\($0.sample.rawValue)" }
        return groups.keys.sorted().map { key in
            let group = groups[key]!
            let errors = group.map(\.absolutePercentError).sorted()
            return Summary(gpu: group[0].gpu, phase: group[0].phase, sample: group[0].sample, points: errors.count,
                           medianAPE: median(errors), p90APE: percentile(sorted: errors, 0.9))
        }
    }

    /// Grid search, on the ``Sample/fit`` rows only, for the interconnect,
    /// compute and all-reduce latency factors (shared by all GPUs) and one
    /// floor per GPU, minimising median decode error plus median and p90
    /// prefill error. The kernel figures (memory efficiency, layer overhead,
    /// attention efficiency) are kept from `start` and the GPU catalogue:
    /// they were fitted to kernels measured alone (``KernelCalibration``),
    /// which identify them where these end-to-end iterations cannot. The one
    /// exception is a memory efficiency of splitwise's own framework (nil:
    /// the kernels'), fitted like its floors and used only to compare with it.
    /// About 340 factor combinations × 31 floors: about 20 s in release.
    public static func fit(_ rows: [SplitwiseMeasurement], start: RooflineParameters = .default) -> (parameters: RooflineParameters, floors: [String: Double]) {
        let fitRows = rows.filter { Sample(tensorParallel: $0.tensorParallel) == .fit }
        let gpus = Array(Set(fitRows.compactMap { GPUSpec.named($0.hardware)?.name })).sorted()
        let byGPU = Dictionary(grouping: fitRows) { GPUSpec.named($0.hardware)?.name ?? "" }
        var best: (score: Double, parameters: RooflineParameters, floors: [String: Double])? = nil
        for large in [0.1, 0.14, 0.17, 0.2, 0.25] {
            do {
                for compute in [0.55, 0.6, 0.65, 0.7] {
                    for (latency, memory) in [0, 0.02, 0.05].flatMap({ l in [nil, 0.6, 0.7, 0.8].map { (l, $0) } }) {
                        var p = start
                        p.interconnectEfficiency = large
                        p.computeEfficiency = compute
                        p.allReduceLatencyMs = latency
                        p.memoryEfficiency = memory
                        // Floors act per GPU, so each GPU's floor is chosen independently.
                        var floors: [String: Double] = [:]
                        var score = 0.0
                        for gpu in gpus {
                            var bestFloor = (score: Double.infinity, floor: 0.0)
                            for f in stride(from: 0.0, through: 60.0, by: 2.0) {
                                let s = objective(compare(byGPU[gpu] ?? [], parameters: p, floors: [gpu: f]))
                                if s < bestFloor.score { bestFloor = (s, f) }
                            }
                            floors[gpu] = bestFloor.floor
                            score += bestFloor.score
                        }
                        if best == nil || score < best!.score { best = (score, p, floors) }
                    }
                }
            }
        }
        var parameters = best?.parameters ?? start
        parameters.iterationFloorMs = start.iterationFloorMs
        return (parameters, best?.floors ?? [:])
    }

    static func objective(_ comparisons: [Comparison]) -> Double {
        let decode = comparisons.filter { $0.phase == .decode }.map(\.absolutePercentError).sorted()
        let prefill = comparisons.filter { $0.phase == .prefill }.map(\.absolutePercentError).sorted()
        return (decode.isEmpty ? 0 : median(decode)) + (prefill.isEmpty ? 0 : median(prefill) + percentile(sorted: prefill, 0.9))
    }
}
