/// What one GPU's kernels reach in an iteration, measured per operator.
///
/// A decode iteration streams the weights through GEMMs that run at a
/// fraction of HBM bandwidth, and every layer pays a fixed time however few
/// tokens it holds: four GEMM launches and five elementwise kernels (norms,
/// rotary embedding, activation, residual add). Both were fitted to Vidur's
/// per-operator profiles (`planner profile calibrate --kernels`) on the TP 1,
/// 2 and 4 rows, up to 1,024 tokens; the TP 8 rows are held out.
public struct KernelFigures: Sendable, Equatable, Codable {
    /// Fraction of peak HBM bandwidth that weight and KV reads reach.
    public var memoryEfficiency: Double
    /// Fixed time of one layer per iteration, milliseconds.
    public var layerOverheadMs: Double
    /// Where the figures come from.
    public var source: String

    public init(memoryEfficiency: Double, layerOverheadMs: Double, source: String) {
        self.memoryEfficiency = memoryEfficiency
        self.layerOverheadMs = layerOverheadMs
        self.source = source
    }
}

extension KernelFigures {
    /// Fitted on Vidur's A100 operators (Llama-2-7B, Llama-3-8B, Llama-3-70B).
    public static let a100 = KernelFigures(memoryEfficiency: 0.79, layerOverheadMs: 0.044,
                                           source: "fitted to Vidur's A100 per-operator profiles")
    /// Fitted on Vidur's H100 operators (Llama-2-7B, Llama-2-70B).
    public static let h100 = KernelFigures(memoryEfficiency: 0.96, layerOverheadMs: 0.046,
                                           source: "fitted to Vidur's H100 per-operator profiles")
    /// H200 is H100's GH100 die with faster HBM3e: an assumption, no H200 operator profile exists here.
    public static let h200 = KernelFigures(memoryEfficiency: h100.memoryEfficiency, layerOverheadMs: h100.layerOverheadMs,
                                           source: "assumed equal to H100's (same GH100 die); not measured")
    /// For GPUs nobody has profiled per operator: A100's, the more conservative measured pair.
    public static let unmeasured = KernelFigures(memoryEfficiency: a100.memoryEfficiency, layerOverheadMs: a100.layerOverheadMs,
                                                 source: "assumed equal to A100's (no operator profile); not measured")
}
