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
        if let s = report.staticBatches { print(s.consoleSummary()) }
        if let s = report.serving { print(s.consoleSummary()) }
    }
}
