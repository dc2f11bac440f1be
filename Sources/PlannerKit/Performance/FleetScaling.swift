import Foundation

/// The simulator as the fleet grows, each size run as its own
/// `planner simulate` process so that its peak memory and whole-process time
/// are its own. The load per instance stays fixed (the workload's rate
/// scaled to `ratePerInstance` times the size), so every size runs the same
/// regime.
public struct FleetScaling: Sendable {
    /// The `planner` executable to run.
    public var executable: String
    public var workloadPath: String
    /// The workload's total rate at scale 1, in requests per second.
    public var baseRateRps: Double
    public var policy: PolicyID
    public var sizes: [Int]
    public var ratePerInstance: Double
    public var requestsPerInstance: Int
    public var maximumRequests: Int

    public init(executable: String, workloadPath: String, baseRateRps: Double, policy: PolicyID, sizes: [Int],
                ratePerInstance: Double, requestsPerInstance: Int, maximumRequests: Int) {
        self.executable = executable
        self.workloadPath = workloadPath
        self.baseRateRps = baseRateRps
        self.policy = policy
        self.sizes = sizes
        self.ratePerInstance = ratePerInstance
        self.requestsPerInstance = requestsPerInstance
        self.maximumRequests = maximumRequests
    }

    /// Fleet sizes from `5,20,80`, or `nil` unless every part is a whole number from 1 to ``InputLimits/maximumInstances``.
    public static func sizes(parsing text: String) -> [Int]? {
        let sizes = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0.map { (1...InputLimits.maximumInstances).contains($0) } ?? false }) else { return nil }
        return sizes.compactMap { $0 }
    }

    public static let header = ["instances", "requests", "in-process s", "requests/s", "events/s", "process s", "process/in-process", "peak MB"]

    /// Runs every size in turn, handing each row to `row` as it finishes.
    public func run(row: (_ cells: [String]) -> Void = { _ in }) throws -> TextTable {
        var table = TextTable(header: Self.header)
        for n in sizes {
            let requests = min(requestsPerInstance * n, maximumRequests)
            let scale = ratePerInstance * Double(n) / baseRateRps
            let child = try ChildProcess(executable: executable, arguments: [
                "simulate", workloadPath, "--policy", policy.rawValue, "--instances", "\(n)",
                "--rate-scale", "\(scale)", "--requests", "\(requests)", "--format", "json",
            ])
            let sim = try child.simulation()
            table.rows.append([
                "\(n)", "\(sim.arrived)", fmt(sim.wall, 2), fmt(Double(sim.arrived) / sim.wall, 0),
                fmt(Double(sim.events) / sim.wall / 1e6, 2) + " M", fmt(child.wallSeconds, 2),
                fmt(child.wallSeconds / sim.wall, 2), "\(child.peakMB)",
            ])
            row(table.rows[table.rows.count - 1])
        }
        return table
    }
}
