extension ProfileFit.Result {
    /// The fitted terms, each run's errors in and out of the fit, the per-metric summary and the band.
    public func consoleSummary() -> String {
        let t = terms
        var lines = ["fitted: per-step time \(fmt(t.iterationOverheadMs)) ms, per-request time \(fmt(t.requestOverheadMs)) ms"
                     + (t.computeEfficiency.map { ", GEMM efficiency \($0)" } ?? "") + (t.expertComputeEfficiency.map { ", expert GEMM efficiency \($0)" } ?? "")]
        var table = TextTable(header: ["run", "metric", "measured ms", "in fit %", "left out %"])
        let order = metrics.map(\.metric.description)
        for r in runs {
            for key in order {
                guard let measured = r.measuredMs[key], let inFit = r.inSample[key], let out = r.leftOut[key] else { continue }
                table.rows.append([r.run, key, fmt(measured, 1), fmt(inFit * 100, 1), fmt(out * 100, 1)])
            }
        }
        lines.append(table.render())
        var summary = TextTable(header: ["metric", "runs", "in fit median |%|", "max", "left out median |%|", "max"])
        for m in metrics {
            summary.rows.append([m.metric.description + (m.metric.statistic.isCentral ? "" : " (not fitted)"), "\(m.runs)",
                                 fmt(m.inSampleMedian * 100, 1), fmt(m.inSampleMax * 100, 1), fmt(m.leftOutMedian * 100, 1), fmt(m.leftOutMax * 100, 1)])
        }
        lines.append(summary.render())
        lines.append(band < 1
                     ? "latency band ±\(fmt(band * 100, 1)) %: the largest left-out error of a run's E2E; plans size the fleet at both edges"
                     : "the left-out error reaches \(fmt(band * 100, 0)) %: the profile is written unvalidated (plans apply \(fmt(LatencyRange.unvalidatedBand * 100, 0)) % and warn)")
        return lines.joined(separator: "\n")
    }
}
