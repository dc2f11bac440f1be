import Profiling

extension LatencyValidation.StaticSection {
    static func pct(_ x: Double) -> String { x.isFinite ? fmt(x * 100, 1) : "-" }

    /// The fitted kernel and engine figures, then each held-out group's errors.
    public func consoleSummary() -> String {
        let s = self
        let p = s.fitted.parameters
        var out = "static batches (\(s.source)): \(s.runs) runs on \(LatencyValidation.fittedGPUs.sorted().joined(separator: ", ")) fitted\n"
        out += "fitted: compute efficiency \(fmt(p.computeEfficiency, 3)), memory efficiency \(fmt(p.memoryEfficiency ?? .nan, 3)), layer \(fmt(p.layerOverheadMs ?? .nan, 4)) ms, all-reduce \(fmt(p.allReduceLatencyMs, 4)) ms + link efficiency \(fmt(p.interconnectEfficiency, 3)); attention efficiency \(fmt(p.attentionEfficiency, 2)) (fixed); per-step engine time "
            + s.fitted.iterationOverheadMs.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 2)) ms + \(fmt(s.fitted.sequenceOverheadMs[$0.key] ?? 0, 3)) ms a running request" }.joined(separator: ", ") + "\n"
        var table = TextTable(header: ["held out", "group", "runs", "in-sample median %", "held-out median %", "held-out p90 %", "held-out bias %"])
        for g in s.groups {
            table.rows.append([g.grouping.rawValue, g.group, "\(g.runs)", Self.pct(g.inSampleMedian), Self.pct(g.heldOutMedian), Self.pct(g.heldOutP90), Self.pct(g.heldOutBias)])
        }
        out += table.render()
        for (gpu, e) in s.unfittedGPUs.sorted(by: { $0.key < $1.key }) { out += "\nnever fitted: \(gpu) median \(Self.pct(e)) %" }
        out += "\nleft out: " + s.excluded.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
        return out + "\n"
    }
}

extension LatencyValidation.ServingSection {
    static func pct(_ x: Double) -> String { x.isFinite ? fmt(x * 100, 1) : "-" }

    /// The fitted figures, each held-out group's errors, and every run's.
    public func consoleSummary() -> String {
        let s = self
        var out = "\nserving runs (\(s.source)), \(s.engine.rawValue): GEMM efficiency \(fmt(s.fitted.computeEfficiency, 2)) (experts \(fmt(s.fitted.expertComputeEfficiency, 2))), link \(fmt(s.fitted.interconnectEfficiency, 2)), all-reduce \(fmt(s.fitted.allReduceLatencyMs * 1000, 0)) µs, weights and arithmetic combined as a \(fmt(s.fitted.overlapExponent, 0))-norm, per step \(fmt(s.fitted.iterationOverheadMs, 2)) ms, per request \(fmt(s.fitted.requestOverheadMs, 1)) ms fitted on \(s.fitted.runs) runs; in-sample median |error| mean E2E \(Self.pct(s.inSampleE2EMedian)) %, mean TTFT \(Self.pct(s.inSampleTTFTMedian)) %; "
            + (s.promptReuse.cachesPrefixes
                ? "\(s.promptReuse == .wholePrompts ? "whole prompts" : "system prompts") cached (\(s.prefixHitRate.map { Self.pct($0) } ?? "-") % of prompt tokens served from the cache)\n"
                : "prefix caching off (every prompt prefilled whole)\n")
        var table = TextTable(header: ["held out", "group", "runs", "E2E in %", "E2E held out %", "E2E bias %", "TTFT in %", "TTFT held out %", "fit without it (GEMM, experts, link, all-reduce, norm, step / request)"])
        for g in s.groups {
            table.rows.append([g.grouping.rawValue, g.group, "\(g.runs)", Self.pct(g.inSampleE2EMedian), Self.pct(g.heldOutE2EMedian), Self.pct(g.heldOutE2EBias),
                               Self.pct(g.inSampleTTFTMedian), Self.pct(g.heldOutTTFTMedian),
                               "\(fmt(g.fitted.computeEfficiency, 2)), \(fmt(g.fitted.expertComputeEfficiency, 2)), \(fmt(g.fitted.interconnectEfficiency, 2)), \(fmt(g.fitted.allReduceLatencyMs, 3)), \(fmt(g.fitted.overlapExponent, 0)), \(fmt(g.fitted.iterationOverheadMs, 2)) / \(fmt(g.fitted.requestOverheadMs, 1)) ms"])
        }
        out += table.render() + "\n"
        for h in s.heldOut {
            out += "each run predicted with its \(h.grouping.rawValue) left out (\(h.runs) runs): median |error| mean E2E \(Self.pct(h.e2eMedian)) %, mean TTFT \(Self.pct(h.ttftMedian)) %\n"
        }
        out += s.bundledMatchesFit ? "the bundled \(s.engine.rawValue) engine holds this fit\n"
            : "warning: the bundled \(s.engine.rawValue) engine differs from this fit; profiles generated with --engine \(s.engine.rawValue) do not use it\n"
        var runs = TextTable(header: ["run", "measured E2E ms", "E2E error %", "measured TTFT ms", "TTFT error %"])
        for r in s.runs { runs.rows.append([r.run, fmt(r.measuredE2EMs, 0), Self.pct(r.inSampleE2E), fmt(r.measuredTTFTMs, 1), Self.pct(r.inSampleTTFT)]) }
        out += runs.render()
        if !s.skipped.isEmpty { out += "\nskipped: " + s.skipped.joined(separator: "; ") }
        return out
    }
}
