import ArgumentParser
import Foundation
import PlannerKit
import Profiling

extension ValidateCommand {
    /// Fits and checks the latency model on the measured corpus, printing per-group errors.
    func runCorpus() throws {
        let paths = LatencyValidation.corpusPaths(corpus)
        if only != .serving, !FileManager.default.fileExists(atPath: paths.staticBatches) { throw ValidationError("no static-batch corpus at \(paths.staticBatches); give --corpus DIR") }
        if only != .static, !FileManager.default.fileExists(atPath: paths.serving) { throw ValidationError("no serving corpus at \(paths.serving); give --corpus DIR") }
        // Refuse a path the planner may not write before a minute of fitting, not after.
        if let writeBands { try OwnedFile.checkReplaceable(writeBands, seal: .hashComment) }
        let progress = output.format == .text && isatty(2) != 0 ? TerminalProgress(steps: 1) : nil
        var begun = false
        var validation = LatencyValidation()
        validation.promptReuse = noPrefixCaching ? .none : promptReuse
        let report = try validation.report(corpus: corpus, part: only) { _, total in
            if !begun { progress?.begin("replaying serving runs", units: total); begun = true }
            progress?.advance()
        }
        progress?.finish()
        if let writeBands, let serving = report.serving {
            try serving.bands(source: "planner \(PlannerVersion.current) validate, corpus \(corpus)/vllm-0.15-serving").write(to: writeBands)
        }
        if output.format == .json { print(try JSONOutput.string(report)); return }
        if let s = report.staticBatches { print(s.consoleSummary()) }
        if let s = report.serving { print(s.consoleSummary()) }
    }
}
