import Foundation
import Profiling

extension SweepSpec {
    static let topKeys = ["name", "description", "workload", "seed", "plan", "grid", "points"]
    static let planKeys = ["replications", "latency_range", "max_requests", "max_instances", "policies"]

    /// Reads and checks a sweep file: every key, every axis against the base
    /// workload (its tiers) and every value's range, before anything is planned.
    /// - Throws: ``InputError`` naming the file, line and key.
    public static func load(path: String) throws(InputError) -> SweepSpec {
        let (root, data) = try YAMLValue.document(path: path, expecting: "a sweep")
        let top = try root.mapping(allowed: topKeys)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        guard let name = try top["name"]?.string() else { throw root.error("missing key 'name'") }
        guard let workloadValue = top["workload"] else { throw root.error("missing key 'workload' (the base workload file)") }
        let workloadPath = try workloadValue.existingFile(relativeTo: folder)
        let workload = try WorkloadLoader.load(path: workloadPath)

        var plan = SweepPlanSettings()
        if let p = top["plan"] {
            let fields = try p.mapping(allowed: planKeys)
            if let v = fields["replications"] { plan.replications = try v.integer(minimum: 1, maximum: Replications.limit) }
            if let v = fields["latency_range"] { plan.latencyRange = try v.flag() }
            if let v = fields["max_requests"] { plan.maxRequests = try v.integer(minimum: 1, maximum: RunLimits.requestCeiling) }
            if let v = fields["max_instances"] { plan.maxInstances = try v.integer(minimum: 1, maximum: RunLimits.instanceCeiling) }
            if let v = fields["policies"] {
                var chosen: [PolicyID] = [.polyserve]
                for item in try v.array() {
                    let name = try item.string()
                    guard let policy = PolicyID(rawValue: name) else {
                        throw item.error("unknown policy '\(InputError.printable(name))'; expected \(PolicyID.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if !chosen.contains(policy) { chosen.append(policy) }
                }
                plan.policies = PolicyID.allCases.filter(chosen.contains)
            }
        }

        var axes: [SweepAxis] = []
        var points: [[SweepValue?]] = []
        switch (top["grid"], top["points"]) {
        case (nil, nil): throw root.error("missing 'grid' (axes whose every combination is planned) or 'points' (listed scenarios)")
        case (.some, .some(let p)): throw p.error("give 'grid' or 'points', not both")
        case (let grid?, nil):
            var columns: [[SweepValue]] = []
            for (key, value) in try grid.entries() {
                let axis = try Self.axis(key, value, workload: workload)
                let values = try value.array().map { v throws(InputError) in try Self.value(v, axis: axis, folder: folder) }
                guard !values.isEmpty else { throw value.error("an axis needs at least one value") }
                if let dup = values.indices.first(where: { i in values[..<i].contains(values[i]) }) {
                    throw value.error("value \(values[dup]) is listed twice")
                }
                axes.append(axis)
                columns.append(values)
            }
            guard !axes.isEmpty else { throw grid.error("a grid needs at least one axis") }
            let count = columns.reduce(1.0) { $0 * Double($1.count) }
            guard count <= Double(maximumScenarios) else {
                throw grid.error("\(fmtShort(count)) scenarios; a sweep has at most \(maximumScenarios) (split it into several sweeps)")
            }
            points = columns.reduce([[]]) { partial, column in partial.flatMap { p in column.map { p + [$0] } } }
        case (nil, let list?):
            let entries = try list.array()
            guard !entries.isEmpty else { throw list.error("list at least one point") }
            guard entries.count <= maximumScenarios else { throw list.error("\(entries.count) points; a sweep has at most \(maximumScenarios)") }
            var rows: [[SweepAxis: SweepValue]] = []
            for entry in entries {
                var row: [SweepAxis: SweepValue] = [:]
                for (key, value) in try entry.entries() {
                    let axis = try Self.axis(key, value, workload: workload)
                    if !axes.contains(axis) { axes.append(axis) }
                    row[axis] = try Self.value(value, axis: axis, folder: folder)
                }
                guard !row.isEmpty else { throw entry.error("a point sets at least one axis") }
                if rows.contains(row) { throw entry.error("this point is listed twice") }
                rows.append(row)
            }
            points = rows.map { row in axes.map { row[$0] } }
        }
        let seed = try top["seed"].map { v throws(InputError) in UInt64(try v.integer(minimum: 0)) } ?? workload.seed
        return SweepSpec(name: name, description: try top["description"]?.string() ?? "", workloadPath: workloadPath, seed: seed,
                         plan: plan, axes: axes, points: points, source: PlanInput(path: path, sha256: sha256Hex(data)))
    }

    static func axis(_ key: String, _ value: YAMLValue, workload: Workload) throws(InputError) -> SweepAxis {
        guard let axis = SweepAxis(key: key) else {
            throw value.error("unknown axis '\(key)'; expected one of \(SweepAxis.keyForms.joined(separator: ", "))")
        }
        if axis.needsSpeculation, workload.speculativeDecoding == nil {
            throw value.error("varies speculative decoding, but the workload \(workload.sourcePath) has no 'speculative_decoding' to start from; add one (draft_tokens, acceptance, draft_cost)")
        }
        if let tier = axis.tier, !workload.tiers.contains(where: { $0.name == tier }) {
            let names = workload.tiers.map(\.name)
            let near = names.min { editDistance(tier, $0) < editDistance(tier, $1) }.map { " (did you mean '\($0)'?)" } ?? ""
            throw value.error("the workload \(workload.sourcePath) has no tier '\(tier)'\(near); its tiers are \(names.joined(separator: ", "))")
        }
        return axis
    }

    static func value(_ v: YAMLValue, axis: SweepAxis, folder: URL) throws(InputError) -> SweepValue {
        switch axis {
        case .rateScale: return .number(try v.positive(minimum: 1e-6, maximum: 1_000))
        case .attainmentTarget: return .number(try v.fraction())
        case .tpot, .ttft: return .number(try v.positive(minimum: 1e-3, maximum: InputLimits.maximumSLOMs))
        case .profiles:
            if case .sequence = v.node {
                let files = try v.array().map { p throws(InputError) in try p.existingFile(relativeTo: folder) }
                guard !files.isEmpty else { throw v.error("list at least one profile") }
                return .files(files)
            }
            return .files([try v.existingFile(relativeTo: folder)])
        case .serving:
            let text = try v.string()
            guard ServingChoice(rawValue: text) != nil else {
                throw v.error("'\(InputError.printable(text))' is not a serving mode; expected \(ServingChoice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .text(text)
        case .steadyBatch:
            let text = try v.string()
            guard SteadyBatch(rawValue: text) != nil else {
                throw v.error("'\(InputError.printable(text))' is not a steady batch; expected \(SteadyBatch.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .text(text)
        case .acceptance: return .number(try v.acceptance())
        case .draftTokens: return .number(Double(try v.draftTokens()))
        case .borrowLooserServers, .deadlineAwareChunks, .prefixAffinity, .prefixCaching, .speculativeDecoding: return .flag(try v.flag())
        }
    }
}
