extension ReplayRequest.Outcome {
    /// The skipped scenarios, a row per compared metric, then the profiles, settings and engine overheads.
    public func consoleSummary(_ request: ReplayRequest) -> String {
        var lines = skipped.map { "skipped \($0.scenario): \($0.why)" }
        var table = TextTable(header: ["scenario", "sample", "metric", "measured ms", "other engine ms", "simulated ms", "error %", "between engines"])
        for r in reports {
            for c in r.comparisons {
                table.rows.append([r.scenario, r.sample?.rawValue ?? "-", c.metric, fmt(c.measuredMs, 1), c.otherEngineMs.map { fmt($0, 1) } ?? "-",
                                   c.simulatedText, c.error.map { fmt($0 * 100, 1) } ?? "-",
                                   c.withinEngines.map { $0 ? "yes" : "no" } ?? "-"])
            }
        }
        lines.append(table.render())
        lines.append("profiles: \(Set(reports.map(\.profile)).sorted().joined(separator: ", ")); policy \(request.settings.policy), token budget \(request.settings.tokenBudget); lengths \(reports.allSatisfy(\.lengthsMeasured) ? "measured" : "assumed where the source has none (docs/validation.md)")")
        let engines = Set(reports.compactMap(\.engine)).sorted { $0.rawValue < $1.rawValue }
        if !engines.isEmpty {
            lines.append("engine overheads: " + engines.map { "\($0.rawValue) request \(fmt($0.requestOverheadMs, 0)) ms, iteration \(fmt($0.iterationOverheadMs, 2)) ms, per running request \(fmt($0.sequenceOverheadMs, 3)) ms" }.joined(separator: "; ")
                         + (request.overridesEngine ? " (overridden by the flags)" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
