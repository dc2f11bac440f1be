extension SweepFolder {
    /// What `sweep plan` prints: the folder, the axes and the scenarios.
    public func consoleSummary() -> String {
        var lines = ["sweep '\(header.name)': \(scenarios.count) scenarios over \(header.axes.joined(separator: ", ")), seed \(header.seed), in \(path)"]
        for s in scenarios.prefix(20) { lines.append("  \(s.index): \(s.name)") }
        if scenarios.count > 20 { lines.append("  … and \(scenarios.count - 20) more (\(Self.manifestFile))") }
        return lines.joined(separator: "\n")
    }

    /// What `sweep run` prints after running: how many finished, and every failure by name with its error.
    public func consoleSummary(ran statuses: [Int: SweepStatus], seconds: Double) -> String {
        let failed = statuses.keys.sorted().compactMap { i -> String? in
            if case .failed(let why) = statuses[i] { "  failed \(i) (\(scenarios[i].name)): \(why)" } else { nil }
        }
        let done = scenarios.indices.filter { status($0) == .finished }.count
        var lines = ["ran \(statuses.count) scenarios in \(fmt(seconds, 1)) s; \(done) of \(scenarios.count) finished in \(path)/\(Self.runsFolder)"]
        lines += failed
        return lines.joined(separator: "\n")
    }
}

extension SweepMerge {
    /// What `sweep merge` prints: the cheapest signable scenario, the cost of
    /// each SLA step, and every scenario that failed or is missing.
    public func consoleSummary(wrote paths: [String]) -> String {
        var lines = ["sweep '\(header.name)': \(finished.count) of \(rows.count) scenarios planned, \(failed.count) failed, \(missing.count) missing"]
        if let best = cheapest {
            lines.append("cheapest: $\(fmt(best.dollarsPerMonth!, 0))/month, \(fmt(best.total!.plannedGpus, 0)) GPUs (\(best.scenario.name))")
        }
        for axis in axes where axis.isServiceLevel {
            for s in slaSteps(along: axis) {
                let sign = s.dollarsPerMonth >= 0 ? "+" : "-"
                lines.append("\(axis.key) \(fmtShort(s.from)) -> \(fmtShort(s.to)): \(sign)$\(fmt(abs(s.dollarsPerMonth), 0))/month\(s.group.isEmpty ? "" : " at \(s.group)")")
            }
        }
        for r in failed { if case .failed(let why) = r.status { lines.append("failed \(r.scenario.index) (\(r.scenario.name)): \(why)") } }
        for r in missing { lines.append("missing \(r.scenario.index) (\(r.scenario.name)): not run yet") }
        lines.append("wrote \(paths.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
