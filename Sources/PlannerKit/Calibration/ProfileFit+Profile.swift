import Foundation
import Profiling

extension ProfileFit {
    /// What `--kernels` replays on: the roofline table of the profile's GPU,
    /// model and TP under `engine`'s kernel figures at each point's
    /// efficiencies, keeping the profile's KV capacity, price and engine terms.
    public static func regenerator(for profile: LatencyProfile, engine: ServingEngine) throws -> @Sendable (KernelPoint) throws -> LatencyProfile {
        let m = profile.metadata
        guard let gpu = GPUSpec.named(m.gpu), let model = ModelArchitecture.named(m.model) else {
            throw ProfileFitError.kernelsNeedCatalogue(gpu: m.gpu, model: m.model)
        }
        return { point in
            var parameters = engine.kernels()
            if let c = point.computeEfficiency { parameters.computeEfficiency = c }
            if let x = point.expertComputeEfficiency { parameters.expertComputeEfficiency = x }
            var p = try RooflineGenerator.profile(model: model, gpu: gpu, tensorParallel: m.tensorParallel, parameters: parameters,
                                                  pricePerGPUHour: m.pricePerGPUHour)
            let name = p.metadata.name, provenance = p.metadata.provenance
            p.metadata = m
            p.metadata.name = name
            p.metadata.provenance = provenance
            return p
        }
    }

    /// `base` with the fitted terms, its band the fit's left-out error, the
    /// runs' running cap where they all record the same, and a provenance
    /// naming every run and its checksum. A left-out error of
    /// 100 % or more leaves the profile unvalidated.
    public func profile(from base: LatencyProfile, result: Result,
                        regenerate: ((KernelPoint) throws -> LatencyProfile)?) throws -> LatencyProfile {
        var p = base
        let t = result.terms
        if t.computeEfficiency != nil || t.expertComputeEfficiency != nil, let regenerate {
            p = try regenerate(KernelPoint(computeEfficiency: t.computeEfficiency, expertComputeEfficiency: t.expertComputeEfficiency))
        }
        p.metadata.iterationOverheadMs = t.iterationOverheadMs
        p.metadata.requestOverheadMs = t.requestOverheadMs
        p.metadata.latencyBand = result.band < 1 ? max(result.band, 0.01) : nil
        // The deployment the runs measured ran at their cap, where they all record one.
        let caps = Set(runs.compactMap(\.maxRunningRequests))
        if caps.count == 1, runs.allSatisfy({ $0.maxRunningRequests != nil }) { p.metadata.maxRunningRequests = caps.first }
        func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        var terms = "per-step \(t.iterationOverheadMs) ms, per-request \(t.requestOverheadMs) ms"
        if let c = t.computeEfficiency { terms += ", GEMM efficiency \(c)" }
        if let x = t.expertComputeEfficiency { terms += ", expert GEMM efficiency \(x)" }
        let files = runs.map { "\($0.source) (sha256 \($0.checksum.prefix(12)))" }.joined(separator: ", ")
        p.metadata.provenance = base.metadata.provenance + "; fitted by planner profile fit to \(runs.count) runs [\(files)]: \(terms); "
            + "latency band \(pct(result.band)) (largest leave-one-run-out error of a run's E2E centre)"
        return p
    }
}
