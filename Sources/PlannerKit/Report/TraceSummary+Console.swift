extension TraceSummary {
    public func consoleSummary() -> String {
        var lines = ["\(path): \(format.rawValue) trace, \(requests) requests"]
        if let d = durationSeconds, let r = meanRateRps { lines.append("duration \(fmt(d, 1)) s, mean rate \(fmt(r)) req/s") }
        lines.append("prompt mean \(fmt(meanPrompt, 1)), p50/p90/p99 \(show(promptPercentiles))")
        lines.append("output mean \(fmt(meanOutput, 1)), p50/p90/p99 \(show(outputPercentiles))")
        if let b = meanPromptBlocks { lines.append("prompt blocks (512-token hash ids) mean \(fmt(b, 1))") }
        return lines.joined(separator: "\n")
    }
}
