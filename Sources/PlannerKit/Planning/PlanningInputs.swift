import Foundation
import Profiling

/// A workload and the profiles it runs on: the workload's own, or those given
/// explicitly, with the workload's price overrides applied here and nowhere
/// else, and its speculative decoding (``Workload/deployed(_:)``).
public struct PlanningInputs: Sendable {
    public var workload: Workload
    public var profiles: [LatencyProfile]
    public var profilePaths: [String]
    /// What the inputs allow but a planner should hear: tiers some of whose
    /// requests outgrow every server's KV cache (they count as misses).
    public var warnings: [String] = []

    /// Loads the workload at `path` and its profiles (`overrides` replace the workload's own).
    ///
    /// The bound and every fleet search size for an offered rate, so a closed
    /// loop (whose rate follows from its latency) is refused unless
    /// `allowClosedLoop`, which only a plain simulation sets.
    /// - Throws: ``InputError`` naming the file, line and key of what is wrong.
    public static func load(workload path: String, profiles overrides: [String] = [], allowClosedLoop: Bool = false) throws -> PlanningInputs {
        try checking(WorkloadLoader.load(path: path), profiles: overrides, allowClosedLoop: allowClosedLoop)
    }

    /// ``load(workload:profiles:allowClosedLoop:)`` for a workload already in
    /// memory (a sweep's scenario edits one): loads its profiles and runs the same checks.
    public static func checking(_ workload: Workload, profiles overrides: [String] = [], allowClosedLoop: Bool = false) throws -> PlanningInputs {
        let path = workload.sourcePath
        if case let .closed(users, _) = workload.arrivals, !allowClosedLoop {
            throw InputError(source: path, field: "arrivals.process",
                             "is a closed loop (\(users) users), which has no offered rate for the bound or a fleet search to size; replay it with `planner simulate`, or give process: poisson with rate_rps to plan")
        }
        let paths = overrides.isEmpty ? workload.profilePaths : overrides
        guard !paths.isEmpty else {
            throw InputError(source: path, "names no profile; add 'profile:' to it or pass --profile FILE")
        }
        var profiles = try paths.map { p throws(InputError) in try ProfileFormat.read(path: p) }
        for i in profiles.indices {
            if let price = workload.prices[profiles[i].metadata.gpu] { profiles[i].metadata.pricePerGPUHour = price }
        }
        if let other = profiles.firstIndex(where: { $0.metadata.model != profiles[0].metadata.model }) {
            throw InputError(source: paths[other], field: "model",
                             "is \(profiles[other].metadata.model), but \(paths[0]) is \(profiles[0].metadata.model); one plan is for one model")
        }
        for (i, p) in profiles.enumerated() {
            if let j = profiles[..<i].firstIndex(where: { $0.metadata.serverType == p.metadata.serverType }) {
                throw InputError(source: paths[i], field: "gpu",
                                 "describes the same server type (\(p.metadata.serverType)) as \(paths[j]); a plan compares different GPU types or TP groups, one profile each")
            }
            if p.metadata.requestOverheadMs != profiles[0].metadata.requestOverheadMs {
                throw InputError(source: paths[i], field: "request_overhead_ms",
                                 "is \(fmtShort(p.metadata.requestOverheadMs)) ms, but \(paths[0]) has \(fmtShort(profiles[0].metadata.requestOverheadMs)) ms; one fleet runs one engine, so generate every profile with the same --engine")
            }
        }
        profiles = workload.deployed(profiles)
        // A tier no server can pace fails here, by name, rather than simulating to 0 % attainment.
        let floor = profiles.map { $0.decodeIterationMs(tokenBatch: 1, kvTokens: 0) }.min()!
        if let tier = workload.tiers.first(where: { $0.tpotMs < floor }) {
            throw InputError(source: path, field: "tiers.\(tier.name).tpot_ms",
                             "\(fmtShort(tier.tpotMs)) ms is below the fastest iteration of the profile (\(fmt(floor, 2)) ms at batch 1); no server can meet it")
        }
        // A tier whose every request outgrows every server's KV cache can never be served: no fleet size helps.
        let largest = profiles.max { $0.metadata.kvCapacityTokens < $1.metadata.kvCapacityTokens }!
        for tier in workload.tiers {
            try tier.lengths.checkShortestFits(kvCapacity: largest.metadata.kvCapacityTokens, holder: "any server (the largest is \(largest.metadata.serverType))",
                                               source: path, field: "tiers.\(tier.name)")
        }
        var inputs = PlanningInputs(workload: workload, profiles: profiles, profilePaths: paths)
        // Some requests too long for every server are never served: the plan meets its targets without them, so say how many.
        for tier in workload.tiers {
            let share = tier.lengths.shareOutgrowing(kvCapacity: largest.metadata.kvCapacityTokens, seed: workload.seed)
            if share > 0 {
                inputs.warnings.append("tier \(tier.name): about \(fmtShort(share * 100)) % of its requests (prompt + output above \(largest.metadata.kvCapacityTokens) tokens) outgrow the KV cache of every server and are never served; they count as misses")
            }
        }
        return inputs
    }

    /// The disaggregated fleet's figures: the catalogue's for the first
    /// profile, with the workload's `disaggregation:` overrides.
    /// - Throws: ``InputError`` when the catalogue lacks the model or GPU and nothing overrides it.
    public func disaggregation() throws(InputError) -> Disaggregation {
        if workload.speculativeDecoding != nil {
            throw InputError(source: workload.sourcePath, field: "speculative_decoding",
                             "is not modelled with disaggregated serving (its prefill instances would run no drafts); serve colocated, or leave speculative decoding out")
        }
        let s = workload.disaggregationSettings
        return try Disaggregation.from(profiles[0], source: profilePaths[0],
                                       prefillTokenBudget: s.prefillTokenBudget ?? Disaggregation.defaultPrefillTokenBudget,
                                       bandwidthOverride: s.kvBandwidthBytesPerSecond)
    }

    /// SHA-256 of the workload and every profile, for a report's provenance.
    public func checksums() throws -> [PlanInput] {
        let profileInputs = try profilePaths.map { path -> PlanInput in
            guard let data = FileManager.default.contents(atPath: path) else { throw InputError(source: path, "cannot read") }
            return PlanInput(path: path, sha256: sha256Hex(data))
        }
        return [PlanInput(path: workload.sourcePath, sha256: workload.sourceChecksum)] + profileInputs
    }
}
