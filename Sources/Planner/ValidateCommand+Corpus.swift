import ArgumentParser
import Foundation
import PlannerKit
import Profiling

extension ValidateCommand {
    /// Fits and checks the latency model on the measured corpus, printing per-group errors.
    func runCorpus() throws {
        let staticPath = URL(fileURLWithPath: corpus).appendingPathComponent("argonne/static-batch-latency.csv").path
        let servingFolder = URL(fileURLWithPath: corpus).appendingPathComponent("vllm-0.15-serving").path
        // Refuse a path the planner may not write before a minute of fitting, not after.
        if let writeBands { try OwnedFile.checkReplaceable(writeBands, signature: LatencyBands.signature) }
        let validation = LatencyValidation()
        var report = LatencyValidation.Report()
        let wantStatic = only != .serving, wantServing = only != .static
        if wantStatic {
            guard FileManager.default.fileExists(atPath: staticPath) else { throw ValidationError("no static-batch corpus at \(staticPath); give --corpus DIR") }
            report.staticBatches = try validation.staticSection(path: staticPath)
        }
        if wantServing {
            guard FileManager.default.fileExists(atPath: servingFolder) else { throw ValidationError("no serving corpus at \(servingFolder); give --corpus DIR") }
            let progress = output.format == .text && isatty(2) != 0 ? TerminalProgress(steps: 1) : nil
            var begun = false
            report.serving = try validation.servingSection(folder: servingFolder, parameters: .default) { _, total in
                if !begun { progress?.begin("replaying serving runs", units: total); begun = true }
                progress?.advance()
            }
            progress?.finish()
        }
        if let writeBands, let serving = report.serving {
            try serving.bands(source: "planner \(PlannerVersion.current) validate, corpus \(corpus)/vllm-0.15-serving").write(to: writeBands)
        }
        if output.format == .json { print(try JSONOutput.string(report)); return }
        if let s = report.staticBatches { print(Self.render(s)) }
        if let s = report.serving { print(Self.render(s)) }
    }

    static func pct(_ x: Double) -> String { x.isFinite ? fmt(x * 100, 1) : "-" }

    static func render(_ s: LatencyValidation.StaticSection) -> String {
        let p = s.fitted.parameters
        var out = "static batches (\(s.source)): \(s.runs) runs on \(LatencyValidation.fittedGPUs.sorted().joined(separator: ", ")) fitted\n"
        out += "fitted: compute efficiency \(fmt(p.computeEfficiency, 3)), memory efficiency \(fmt(p.memoryEfficiency ?? .nan, 3)), layer \(fmt(p.layerOverheadMs ?? .nan, 4)) ms, all-reduce \(fmt(p.allReduceLatencyMs, 4)) ms + link efficiency \(fmt(p.interconnectEfficiency, 3)); attention efficiency \(fmt(p.attentionEfficiency, 2)) (fixed); per-step engine time "
            + s.fitted.iterationOverheadMs.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 2)) ms + \(fmt(s.fitted.sequenceOverheadMs[$0.key] ?? 0, 3)) ms a running request" }.joined(separator: ", ") + "\n"
        var table = TextTable(header: ["held out", "group", "runs", "in-sample median %", "held-out median %", "held-out p90 %", "held-out bias %"])
        for g in s.groups {
            table.rows.append([g.grouping.rawValue, g.group, "\(g.runs)", pct(g.inSampleMedian), pct(g.heldOutMedian), pct(g.heldOutP90), pct(g.heldOutBias)])
        }
        out += table.render()
        for (gpu, e) in s.unfittedGPUs.sorted(by: { $0.key < $1.key }) { out += "\nnever fitted: \(gpu) median \(pct(e)) %" }
        out += "\nleft out: " + s.excluded.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
        return out + "\n"
    }

    static func render(_ s: LatencyValidation.ServingSection) -> String {
        var out = "\nserving runs (\(s.source)), \(s.engine.rawValue): GEMM efficiency \(fmt(s.fitted.computeEfficiency, 2)) (experts \(fmt(s.fitted.expertComputeEfficiency, 2))), link \(fmt(s.fitted.interconnectEfficiency, 2)), all-reduce \(fmt(s.fitted.allReduceLatencyMs * 1000, 0)) µs, per step \(fmt(s.fitted.iterationOverheadMs, 2)) ms, per request \(fmt(s.fitted.requestOverheadMs, 1)) ms fitted on \(s.fitted.runs) runs; in-sample median |error| mean E2E \(pct(s.inSampleE2EMedian)) %, mean TTFT \(pct(s.inSampleTTFTMedian)) %\n"
        var table = TextTable(header: ["held out", "group", "runs", "E2E in %", "E2E held out %", "E2E bias %", "TTFT in %", "TTFT held out %", "fit without it (GEMM, experts, link, all-reduce, step / request)"])
        for g in s.groups {
            table.rows.append([g.grouping.rawValue, g.group, "\(g.runs)", pct(g.inSampleE2EMedian), pct(g.heldOutE2EMedian), pct(g.heldOutE2EBias),
                               pct(g.inSampleTTFTMedian), pct(g.heldOutTTFTMedian),
                               "\(fmt(g.fitted.computeEfficiency, 2)), \(fmt(g.fitted.expertComputeEfficiency, 2)), \(fmt(g.fitted.interconnectEfficiency, 2)), \(fmt(g.fitted.allReduceLatencyMs, 3)), \(fmt(g.fitted.iterationOverheadMs, 2)) / \(fmt(g.fitted.requestOverheadMs, 1)) ms"])
        }
        out += table.render() + "\n"
        out += s.bundledMatchesFit ? "the bundled \(s.engine.rawValue) engine holds this fit\n"
            : "warning: the bundled \(s.engine.rawValue) engine differs from this fit; profiles generated with --engine \(s.engine.rawValue) do not use it\n"
        var runs = TextTable(header: ["run", "measured E2E ms", "E2E error %", "measured TTFT ms", "TTFT error %"])
        for r in s.runs { runs.rows.append([r.run, fmt(r.measuredE2EMs, 0), pct(r.inSampleE2E), fmt(r.measuredTTFTMs, 1), pct(r.inSampleTTFT)]) }
        out += runs.render()
        if !s.skipped.isEmpty { out += "\nskipped: " + s.skipped.joined(separator: "; ") }
        return out
    }
}
