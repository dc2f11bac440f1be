import Foundation
import Profiling

extension LatencyValidation {
    /// Which part of the measured corpus to check.
    public enum Part: String, Sendable, CaseIterable {
        case all, `static`, serving
    }

    /// The corpus's static-batch file and serving folder under `folder`.
    public static func corpusPaths(_ folder: String) -> (staticBatches: String, serving: String) {
        let root = URL(fileURLWithPath: folder)
        return (root.appendingPathComponent("argonne/static-batch-latency.csv").path, root.appendingPathComponent("vllm-0.15-serving").path)
    }

    /// What the serving fit starts from: each GPU's weight-read efficiency
    /// and per-layer time as measured per operator (``KernelFigures``, from
    /// Vidur's profiles), not the static batches' one figure for every GPU,
    /// and the static fit's attention efficiency.
    public static var servingKernels: RooflineParameters {
        var p = RooflineParameters.default
        p.memoryEfficiency = nil
        p.layerOverheadMs = nil
        return p
    }

    /// Fits and checks `part` of the corpus under `folder`; `progress` is told
    /// (done, total) as the serving runs replay. About 6 minutes in release on 2 cores.
    public func report(corpus folder: String, part: Part, progress: (Int, Int) -> Void = { _, _ in }) throws -> Report {
        let paths = Self.corpusPaths(folder)
        var report = Report()
        if part != .serving { report.staticBatches = try staticSection(path: paths.staticBatches) }
        if part != .static { report.serving = try servingSection(folder: paths.serving, parameters: Self.servingKernels, progress: progress) }
        return report
    }
}
