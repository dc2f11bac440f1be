import Profiling

/// What `planner profile calibrate` found: the roofline against
/// splitwise-sim's measured iterations (fitted or as bundled), and, where
/// given, the kernel figures fitted to Vidur's operators and the prefill
/// attention term against Vidur's attention kernels.
public struct RooflineCalibrationReport: Encodable, Sendable {
    public var parameters: RooflineParameters
    public var floorsMs: [String: Double]
    public var summaries: [RooflineCalibration.Summary]
    public var kernelFits: [KernelCalibration.LayerFit]?
    public var attentionFit: KernelCalibration.AttentionFit?
    // Kept for the terminal text, not the JSON.
    var comparisons: [RooflineCalibration.Comparison] = []
    var attention: String?
    var attentionRows: [VidurAttentionRow]?

    private enum CodingKeys: String, CodingKey { case parameters, floorsMs, summaries, kernelFits, attentionFit }

    /// Compares (after fitting, with `fit`) the roofline with `splitwise`'s llama2-70b rows on A100 and H100 SXM,
    /// the platforms it measured; fits the kernel figures to Vidur's `kernels` folder and the attention term to its `attention` rows.
    public init(splitwise file: String, fit: Bool, attention: String?, kernels: String?) throws(InputError) {
        let rows = try SplitwiseMeasurement.load(path: file)
            .filter { $0.model == "llama2-70b" && ["a100-80gb", "h100-80gb"].contains($0.hardware) }
        parameters = RooflineParameters.splitwise
        floorsMs = RooflineParameters.splitwiseFloorMs
        if fit { (parameters, floorsMs) = RooflineCalibration.fit(rows) }
        comparisons = RooflineCalibration.compare(rows, parameters: parameters, floors: floorsMs)
        summaries = RooflineCalibration.summarize(comparisons)
        kernelFits = try kernels.map { dir throws(InputError) in KernelCalibration.fitLayers(try KernelCalibration.layerPoints(directory: dir)) }
        attentionRows = try attention.map { path throws(InputError) in try VidurAttentionRow.load(path: path) }
        attentionFit = attentionRows.flatMap { KernelCalibration.fitAttention($0, gpu: GPUSpec.named("A100-80GB")!) }
        self.attention = attention
    }

    /// The terminal text; with `points`, every measured point beside its prediction.
    public func consoleSummary(points: Bool) -> String {
        var lines: [String] = []
        let floors = floorsMs
        if let kernelFits {
            lines.append("kernel figures fitted to Vidur's operators (one layer, up to \(Int(KernelCalibration.maximumTokens)) tokens; TP 1/2/4 fitted, TP 8 held out):")
            var table = TextTable(header: ["GPU", "memory eff", "compute eff", "layer ms", "fit points", "median APE %", "p90 APE %", "held-out points", "median APE %", "p90 APE %", "in use"])
            for f in kernelFits {
                let k = GPUSpec.named(f.gpu)!.kernels
                table.rows.append([f.gpu, fmt(f.memoryEfficiency, 2), fmt(f.computeEfficiency, 2), fmt(f.layerOverheadMs, 3), "\(f.fitted.points)",
                                   fmt(f.fitted.medianAPE, 1), fmt(f.fitted.p90APE, 1), "\(f.heldOut.points)", fmt(f.heldOut.medianAPE, 1), fmt(f.heldOut.p90APE, 1),
                                   "\(fmt(k.memoryEfficiency, 2)), \(fmt(k.layerOverheadMs, 3)) ms"])
            }
            lines.append(table.render())
        }
        if let a = attentionFit {
            lines.append("prefill attention efficiency fitted to half of the A100 kernel rows (≥ 1 M pairs): \(a.efficiency) (median APE \(fmt(a.fitted.medianAPE, 1)) %, p90 \(fmt(a.fitted.p90APE, 1)) % on \(a.fitted.points) rows; held-out half \(fmt(a.heldOut.medianAPE, 1)) %, p90 \(fmt(a.heldOut.p90APE, 1)) % on \(a.heldOut.points) rows); in use: \(parameters.attentionEfficiency)")
        }
        lines.append("roofline vs splitwise-sim (llama2-70b, TP 2/4/8): compute eff \(parameters.computeEfficiency), memory eff \(parameters.memoryEfficiency.map { "\($0)" } ?? "each GPU's"), interconnect eff \(parameters.interconnectEfficiency), attention eff \(parameters.attentionEfficiency), all-reduce latency \(parameters.allReduceLatencyMs) ms, floors \(floors.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 0)) ms" }.joined(separator: ", "))")
        var table = TextTable(header: ["GPU", "phase", "rows", "points", "median APE %", "p90 APE %"])
        for s in summaries {
            let rows = s.sample == .fit ? "TP 2, 4 (fit)" : "TP 8 (held out)"
            table.rows.append([s.gpu, s.phase.rawValue, rows, "\(s.points)", fmt(s.medianAPE, 1), fmt(s.p90APE, 1)])
        }
        lines.append(table.render())
        if let attention, let rows = attentionRows {
            if let a = RooflineCalibration.attention(rows, gpu: GPUSpec.named("A100-80GB")!, efficiency: parameters.attentionEfficiency) {
                lines.append("prefill attention vs \(attention) (A100, \(a.points) kernel rows with ≥ 1 M pairs): at attention eff \(parameters.attentionEfficiency) the term is \(fmt(a.medianError * 100, 1)) % off the measured kernel (median; p10 \(fmt(a.p10Error * 100, 1)) %, p90 \(fmt(a.p90Error * 100, 1)) %); the kernels reach \(fmt(a.impliedEfficiency * 100, 1)) % of peak")
            }
        }
        guard points else { return lines.joined(separator: "\n") }
        var detail = TextTable(header: ["GPU", "TP", "phase", "token batch", "KV tokens", "prefill pairs", "measured ms", "predicted ms", "error %"])
        for c in comparisons {
            detail.rows.append([c.gpu, "\(c.tensorParallel)", c.phase.rawValue, ProfileFormat.number(c.tokenBatch), ProfileFormat.number(c.kvTokens),
                                ProfileFormat.number(c.prefillPairs),
                                fmt(c.measuredMs, 1), fmt(c.predictedMs, 1), fmt((c.predictedMs - c.measuredMs) / c.measuredMs * 100, 1)])
        }
        lines.append(detail.render())
        return lines.joined(separator: "\n")
    }
}
