import Foundation

/// Fits the roofline's per-GPU kernel figures (``KernelFigures``) and its
/// prefill-attention efficiency to Vidur's per-operator profiles.
///
/// This is the first of two calibration stages: what a kernel reaches is
/// fitted to kernels measured alone, and only the rest (interconnect,
/// compute, the framework's floor) end to end on splitwise's iterations
/// (``RooflineCalibration/fit(_:start:)``), so that neither stage can absorb
/// the other's error. Each stage holds out part of its data.
public enum KernelCalibration {
    /// One layer's non-attention operators at one token count, measured.
    public struct LayerPoint: Sendable, Equatable {
        public var gpu: String
        public var model: String
        public var tensorParallel: Int
        public var tokens: Double
        /// Sum of the nine operators' medians, ms.
        public var measuredMs: Double
        public var sample: RooflineCalibration.Sample
    }

    /// Median and p90 absolute percentage error over some points.
    public struct ErrorSummary: Sendable, Codable, Equatable {
        public var points: Int
        public var medianAPE: Double
        public var p90APE: Double
    }

    /// One GPU's fitted figures and their errors, fitted and held out.
    public struct LayerFit: Sendable, Codable, Equatable {
        public var gpu: String
        public var memoryEfficiency: Double
        public var computeEfficiency: Double
        public var layerOverheadMs: Double
        public var fitted: ErrorSummary
        public var heldOut: ErrorSummary
    }

    /// The prefill-attention efficiency fitted to one half of the kernel rows and checked on the other.
    public struct AttentionFit: Sendable, Codable, Equatable {
        public var efficiency: Double
        public var fitted: ErrorSummary
        public var heldOut: ErrorSummary
    }

    /// Token counts the layer fit sees: decode batches and prefill chunks of a token budget.
    public static let maximumTokens = 1024.0

    /// Every `compute/<gpu>/<org>/<model>/mlp.csv` under `directory` whose model the catalogue knows.
    public static func layerPoints(directory: String) throws(InputError) -> [LayerPoint] {
        let compute = URL(fileURLWithPath: directory).appendingPathComponent("compute")
        guard let gpus = try? FileManager.default.contentsOfDirectory(atPath: compute.path) else {
            throw InputError(source: compute.path, "no such folder; expected Vidur's profiling folder holding compute/<gpu>/<org>/<model>/mlp.csv")
        }
        var points: [LayerPoint] = []
        for gpuFolder in gpus.sorted() {
            guard let spec = GPUSpec.named(gpuFolder) else { continue }
            let gpuURL = compute.appendingPathComponent(gpuFolder)
            for org in ((try? FileManager.default.contentsOfDirectory(atPath: gpuURL.path)) ?? []).sorted() {
                let orgURL = gpuURL.appendingPathComponent(org)
                for modelFolder in ((try? FileManager.default.contentsOfDirectory(atPath: orgURL.path)) ?? []).sorted() {
                    let path = orgURL.appendingPathComponent(modelFolder).appendingPathComponent("mlp.csv").path
                    guard FileManager.default.fileExists(atPath: path), let model = ModelArchitecture.named(modelFolder) else { continue }
                    for (tp, rows) in try VidurImporter.operatorMediansByTP(path: path, architecture: model) {
                        for row in rows {
                            points.append(LayerPoint(gpu: spec.name, model: model.name, tensorParallel: tp, tokens: row.tokens,
                                                     measuredMs: row.layerMs, sample: tp == 8 ? .heldOut : .fit))
                        }
                    }
                }
            }
        }
        if points.isEmpty { throw InputError(source: compute.path, "no mlp.csv of a catalogue GPU and model under it") }
        return points
    }

    /// One layer by the roofline: `√(reads² + FLOPs²) + fixed`, ms.
    public static func layerMs(_ point: LayerPoint, memoryEfficiency: Double, computeEfficiency: Double, layerOverheadMs: Double) -> Double {
        guard let peaks = PeakTimes(point) else { return .nan }
        return peaks.layerMs(memoryEfficiency: memoryEfficiency, computeEfficiency: computeEfficiency, layerOverheadMs: layerOverheadMs)
    }

    /// A layer's weight read and FLOPs at full bandwidth and peak, ms: computed
    /// once per point, so the grid search does no catalogue lookups.
    struct PeakTimes {
        var memoryMs: Double
        var computeMs: Double
        var measuredMs: Double

        init?(_ point: LayerPoint) {
            guard let model = ModelArchitecture.named(point.model), let gpu = GPUSpec.named(point.gpu) else { return nil }
            let tp = Double(point.tensorParallel)
            let parameters = model.blockParameters / Double(model.layers)
            memoryMs = parameters * Double(model.bytesPerParameter) / tp / gpu.memoryBandwidth * 1e3
            computeMs = 2 * parameters * point.tokens / tp / gpu.peakFLOPS * 1e3
            measuredMs = point.measuredMs
        }

        func layerMs(memoryEfficiency: Double, computeEfficiency: Double, layerOverheadMs: Double) -> Double {
            let memory = memoryMs / memoryEfficiency, compute = computeMs / computeEfficiency
            return (memory * memory + compute * compute).squareRoot() + layerOverheadMs
        }
    }

    /// Per GPU, a coarse-then-fine grid search on the ``RooflineCalibration/Sample/fit``
    /// points up to ``maximumTokens``, minimising median plus p90 absolute
    /// percentage error. About 2,700 evaluations of each point.
    public static func fitLayers(_ points: [LayerPoint]) -> [LayerFit] {
        let used = points.filter { $0.tokens <= maximumTokens }
        return Dictionary(grouping: used, by: \.gpu).keys.sorted().map { gpu in
            let all = used.filter { $0.gpu == gpu }
            let fit = all.filter { $0.sample == .fit }.compactMap(PeakTimes.init), held = all.filter { $0.sample == .heldOut }.compactMap(PeakTimes.init)
            func errors(_ set: [PeakTimes], _ x: (Double, Double, Double)) -> [Double] {
                set.map { abs($0.layerMs(memoryEfficiency: x.0, computeEfficiency: x.1, layerOverheadMs: x.2) - $0.measuredMs) / $0.measuredMs * 100 }.sorted()
            }
            func score(_ x: (Double, Double, Double)) -> Double {
                let e = errors(fit, x)
                return median(e) + percentile(sorted: e, 0.9)
            }
            var best = (score: Double.infinity, x: (0.7, 0.7, 0.05))
            for m in stride(from: 0.5, through: 1.0, by: 0.05) { for c in stride(from: 0.4, through: 0.9, by: 0.05) { for l in stride(from: 0.0, through: 0.1, by: 0.01) {
                let s = score((m, c, l)); if s < best.score { best = (s, (m, c, l)) }
            } } }
            let centre = best.x
            for m in stride(from: centre.0 - 0.05, through: centre.0 + 0.05, by: 0.01) where m > 0 && m <= 1 {
                for c in stride(from: centre.1 - 0.05, through: centre.1 + 0.05, by: 0.01) where c > 0 && c <= 1 {
                    for l in stride(from: max(0, centre.2 - 0.01), through: centre.2 + 0.01, by: 0.002) {
                        let s = score((m, c, l)); if s < best.score { best = (s, (m, c, l)) }
                    }
                }
            }
            func summary(_ set: [PeakTimes]) -> ErrorSummary {
                let e = errors(set, best.x)
                return e.isEmpty ? ErrorSummary(points: 0, medianAPE: 0, p90APE: 0) : ErrorSummary(points: e.count, medianAPE: median(e), p90APE: percentile(sorted: e, 0.9))
            }
            return LayerFit(gpu: gpu, memoryEfficiency: (best.x.0 * 100).rounded() / 100, computeEfficiency: (best.x.1 * 100).rounded() / 100,
                            layerOverheadMs: (best.x.2 * 1000).rounded() / 1000, fitted: summary(fit), heldOut: summary(held))
        }
    }

    /// The efficiency is the median the even-numbered kernel rows (with at least
    /// `minimumPairs`) imply; the odd-numbered rows are held out of it.
    public static func fitAttention(_ rows: [VidurAttentionRow], gpu: GPUSpec, minimumPairs: Double = 1e6) -> AttentionFit? {
        let big = rows.filter { $0.pairs >= minimumPairs }
        let fit = big.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let held = big.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        guard !fit.isEmpty, !held.isEmpty else { return nil }
        let efficiency = (median(fit.map { $0.efficiency(on: gpu) }) * 100).rounded() / 100
        func summary(_ set: [VidurAttentionRow]) -> ErrorSummary {
            let e = set.map { abs($0.flops / (gpu.peakFLOPS * efficiency) * 1e3 - $0.ms) / $0.ms * 100 }.sorted()
            return ErrorSummary(points: e.count, medianAPE: median(e), p90APE: percentile(sorted: e, 0.9))
        }
        return AttentionFit(efficiency: efficiency, fitted: summary(fit), heldOut: summary(held))
    }
}
