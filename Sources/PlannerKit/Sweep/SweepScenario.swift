import Foundation
import Profiling

/// One scenario of a sweep: a complete plan input (base workload and
/// profiles with their checksums, the axes' values, the seed and the plan
/// settings), one line of the sweep's manifest. Paths are relative to the
/// sweep folder, so a folder moved with its inputs (a cluster's shared
/// volume mounted elsewhere) still plans.
public struct SweepScenario: Sendable, Codable, Equatable {
    public struct Setting: Sendable, Codable, Equatable {
        /// The axis's key (``SweepAxis/key``).
        public var axis: String
        public var value: SweepValue
    }

    public var index: Int
    /// The axes' values, readable: `tiers.premium.tpot_ms=20 rate_scale=1.5`.
    public var name: String
    /// The values this scenario sets, in the sweep's axis order (an axis a point leaves alone is absent).
    public var settings: [Setting]
    public var workload: PlanInput
    public var profiles: [PlanInput]
    public var seed: UInt64
    public var plan: SweepPlanSettings

    /// The value of `axis`, if this scenario sets it.
    public func value(_ axis: SweepAxis) -> SweepValue? { settings.first { $0.axis == axis.key }?.value }
}

extension SweepSpec {
    /// The scenarios, numbered from 0, with paths relative to `folder` (the sweep folder).
    /// - Throws: ``InputError`` when an input cannot be read for its checksum.
    public func scenarios(relativeTo folder: String) throws(InputError) -> [SweepScenario] {
        let base = try WorkloadLoader.load(path: workloadPath)
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        var sums: [String: String] = [:]
        func input(_ path: String) throws(InputError) -> PlanInput {
            if sums[path] == nil { sums[path] = sha256Hex(try InputError.contents(of: path)) }
            return PlanInput(path: Self.relativePath(path, from: root), sha256: sums[path]!)
        }
        let workload = try input(workloadPath)
        return try points.enumerated().map { (index, values) throws(InputError) in
            let settings = zip(axes, values).compactMap { axis, value in value.map { SweepScenario.Setting(axis: axis.key, value: $0) } }
            var profilePaths = base.profilePaths
            if case .files(let files)? = zip(axes, values).first(where: { $0.0 == .profiles })?.1 { profilePaths = files }
            let profiles = try profilePaths.map { p throws(InputError) in try input(p) }
            let name = settings.map { "\($0.axis)=\($0.value)" }.joined(separator: " ")
            return SweepScenario(index: index, name: name.isEmpty ? "base" : name,
                                 settings: settings.map { s in
                                     guard case .files(let files) = s.value else { return s }
                                     return .init(axis: s.axis, value: .files(files.map { Self.relativePath($0, from: root) }))
                                 },
                                 workload: workload, profiles: profiles, seed: seed, plan: plan)
        }
    }

    /// `path` relative to the folder `root` (both absolute), with `..` where
    /// it lies outside; absolute when the two share no folder but `/` (a
    /// relative path would then only break when the folder moves).
    static func relativePath(_ path: String, from root: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: root).standardizedFileURL.pathComponents
        let common = zip(target, base).prefix { $0 == $1 }.count
        guard common > 1 else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}

extension SweepScenario {
    /// Why a scenario cannot be planned as the manifest states it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The plan request this scenario stands for, its inputs checked against
    /// the manifest's checksums; `folder` is the sweep folder its paths are relative to.
    /// - Throws: ``Failure`` for an input changed since the sweep was planned;
    ///   ``InputError`` for a value the workload cannot take (a TPOT below every server's fastest iteration).
    public func request(in folder: String, jobs: Int) throws -> PlanRequest {
        let resolve = { (p: String) in p.hasPrefix("/") ? p : URL(fileURLWithPath: folder).appendingPathComponent(p).standardizedFileURL.path }
        for input in [workload] + profiles {
            let path = resolve(input.path)
            let sum = sha256Hex(try InputError.contents(of: path))
            guard sum == input.sha256 else {
                throw Failure(description: "\(path) changed since the sweep was planned (sha256 \(sum.prefix(12))…, the manifest has \(input.sha256.prefix(12))…); plan the sweep again")
            }
        }
        var w = try WorkloadLoader.load(path: resolve(workload.path))
        w.seed = seed
        var planSettings = plan.settings(jobs: jobs)
        var serving: [ServingMode]? = nil
        for s in settings {
            guard let axis = SweepAxis(key: s.axis) else { throw Failure(description: "scenario \(index): unknown axis '\(s.axis)' in the manifest") }
            func tier(_ name: String) throws -> Int {
                guard let i = w.tiers.firstIndex(where: { $0.name == name }) else {
                    throw InputError(source: w.sourcePath, field: s.axis, "the workload has no tier '\(name)'")
                }
                return i
            }
            switch (axis, s.value) {
            case (.rateScale, .number(let x)): w = w.scaled(by: x)
            case (.attainmentTarget(nil), .number(let x)): w.attainmentTarget = x
            case (.attainmentTarget(let name?), .number(let x)): w.tiers[try tier(name)].attainmentTarget = x
            case (.tpot(let name), .number(let x)): w.tiers[try tier(name)].tpotMs = x
            case (.ttft(let name), .number(let x)):
                let i = try tier(name)
                w.tiers[i].ttftChoicesMs = [x]
                w.tiers[i].ttftProbabilities = [1]
            case (.profiles, .files): break // already in `profiles`
            case (.serving, .text(let t)): serving = ServingChoice(rawValue: t)?.modes
            case (.prefixCaching, .flag(let b)): w.prefixCaching = b
            case (.speculativeDecoding, .flag(let b)): if !b { w.speculativeDecoding = nil }
            case (.acceptance, .number(let x)): w.speculativeDecoding?.acceptance = x
            case (.draftTokens, .number(let x)): w.speculativeDecoding?.draftTokens = Int(x)
            case (.steadyBatch, .text(let t)): planSettings.polyserve.steadyBatch = SteadyBatch(rawValue: t) ?? planSettings.polyserve.steadyBatch
            case (.borrowLooserServers, .flag(let b)): planSettings.polyserve.borrowLooserServers = b
            case (.deadlineAwareChunks, .flag(let b)): planSettings.polyserve.deadlineAwareChunks = b
            case (.prefixAffinity, .flag(let b)): planSettings.polyserve.prefixAffinity = b
            default: throw Failure(description: "scenario \(index): \(s.axis) cannot take the value \(s.value)")
            }
        }
        let inputs = try PlanningInputs.checking(w, profiles: profiles.map { resolve($0.path) })
        return PlanRequest(inputs: inputs, settings: planSettings, serving: serving)
    }
}
