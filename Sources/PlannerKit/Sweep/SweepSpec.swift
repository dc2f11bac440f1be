import Foundation

/// A sweep as its file states it (docs/sweeps.md): a base workload, the plan
/// settings every scenario shares, and the scenarios: every combination of
/// the `grid:` axes (the first axis varies slowest), or the listed `points:`.
public struct SweepSpec: Sendable {
    /// The most scenarios one sweep may have: a typo in a grid should not plan for a week.
    public static let maximumScenarios = 10_000

    public var name: String
    public var description: String
    /// The base workload, resolved against the sweep file's folder.
    public var workloadPath: String
    /// Every scenario's seed: the same draws everywhere, so scenarios differ only by their axes.
    public var seed: UInt64
    public var plan: SweepPlanSettings
    /// The axes in file order.
    public var axes: [SweepAxis]
    /// One value per axis for each scenario; `nil`: the base's own (a point that leaves the axis alone).
    public var points: [[SweepValue?]]
    /// The file and its SHA-256, for the sweep's record.
    public var source: PlanInput

    public init(name: String, description: String = "", workloadPath: String, seed: UInt64, plan: SweepPlanSettings,
                axes: [SweepAxis], points: [[SweepValue?]], source: PlanInput) {
        self.name = name
        self.description = description
        self.workloadPath = workloadPath
        self.seed = seed
        self.plan = plan
        self.axes = axes
        self.points = points
        self.source = source
    }
}

/// How every scenario of a sweep is planned: `planner plan`'s settings that a sweep fixes.
public struct SweepPlanSettings: Sendable, Codable, Equatable {
    public var replications = 5
    /// Search the fleet at the latency band's edges too (`planner plan` without `--no-range`).
    public var latencyRange = true
    public var maxRequests = InputLimits.maximumRequests
    public var maxInstances = PlanSettings.defaultMaximumInstances
    /// The policies planned and compared; PolyServe is always among them.
    public var policies = PolicyID.allCases

    public init() {}

    /// The plan settings for `jobs` threads.
    public func settings(jobs: Int) -> PlanSettings {
        var s = PlanSettings(jobs: jobs, replications: replications)
        s.limits = RunLimits(requests: maxRequests, instances: maxInstances)
        s.searchesLatencyRange = latencyRange
        s.policies = policies
        return s
    }
}

extension SweepSpec {
    /// The sweep's name as one safe path component, as a workload's (``Workload/folderName``).
    public var folderName: String { safePathComponent(name, fallback: "sweep") }
}
