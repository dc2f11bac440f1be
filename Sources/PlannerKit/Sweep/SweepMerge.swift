import Foundation
import Profiling

/// Every scenario of a sweep read back: the finished ones through the plan
/// contract (`summary.csv`, `plan.json`'s header) and their `scenario.json`,
/// the others listed with why (failed, with its error; or missing). Nothing
/// is dropped: `sweep.csv` has a row for every scenario of the manifest.
public struct SweepMerge: Sendable {
    public struct Row: Sendable {
        public var scenario: SweepScenario
        public var status: SweepStatus
        /// The finished plan's summary and kind; `nil` otherwise.
        public var summary: PlanSummary?
        public var kind: PlanKind?
        public var polyserveRatioToBound: Double?

        public var total: PlanSummary.Row? { summary?.total }
        public var dollarsPerMonth: Double? { total?.dollarsPerMonth }
    }

    public var header: SweepFolder.Header
    public var axes: [SweepAxis]
    public var rows: [Row]

    public var finished: [Row] { rows.filter { $0.status == .finished } }
    public var failed: [Row] { rows.filter { if case .failed = $0.status { true } else { false } } }
    public var missing: [Row] { rows.filter { $0.status == .pending } }

    init(header: SweepFolder.Header, axes: [SweepAxis], rows: [Row]) {
        self.header = header
        self.axes = axes
        self.rows = rows
    }

    /// Reads every scenario of `folder`.
    public init(_ folder: SweepFolder) {
        header = folder.header
        axes = folder.header.axes.compactMap(SweepAxis.init(key:))
        rows = folder.scenarios.map { scenario in
            let status = folder.status(scenario.index)
            var row = Row(scenario: scenario, status: status)
            if status == .finished, let record = folder.record(scenario.index), let plan = try? PlanFolder(reading: folder.runFolder(scenario.index)) {
                row.summary = plan.summary
                row.kind = record.kind
                row.polyserveRatioToBound = record.polyserveRatioToBound
            }
            return row
        }
    }

    /// `sweep.csv`: a row per scenario, its axes, its status, the fleet's GPUs
    /// and dollars (with the latency range), PolyServe's share of the bound,
    /// and each tier's attainment; the error of a failed one.
    public func csv() throws -> String {
        let n = CSVText.number
        let tiers = header.tiers
        var lines = [["index", "scenario", "status"] + axes.map(\.key)
            + ["kind", "planned_gpus", "dollars_per_month", "planned_gpus_low", "planned_gpus_high", "dollars_per_month_low", "dollars_per_month_high",
               "meets_every_tier", "polyserve_ratio_to_bound"]
            + tiers.map { "attainment_\($0)" } + tiers.map { "meets_\($0)" } + ["error"]]
        for r in rows {
            let status: String, error: String
            switch r.status {
            case .finished: (status, error) = ("finished", "")
            case .failed(let message): (status, error) = ("failed", message)
            case .pending: (status, error) = ("missing", "")
            }
            let t = r.total
            let byTier = tiers.map { name in r.summary?.tiers.first { $0.tier == name } }
            let axisCells: [String] = axes.map { r.scenario.value($0)?.description ?? "" }
            let fleet: [String] = [r.kind?.rawValue ?? "", n(t?.plannedGpus, 2), n(t?.dollarsPerMonth, 2), n(t?.plannedGpusLow, 2), n(t?.plannedGpusHigh, 2),
                                   n(t?.dollarsPerMonthLow, 2), n(t?.dollarsPerMonthHigh, 2), t.map { $0.meetsTarget ? "yes" : "no" } ?? "",
                                   n(r.polyserveRatioToBound, 4)]
            let attainment: [String] = byTier.map { n($0?.attainment, 4) }
            let meets: [String] = byTier.map { row in row.map { $0.meetsTarget ? "yes" : "no" } ?? "" }
            lines.append([String(r.scenario.index), r.scenario.name, status] + axisCells + fleet + attainment + meets + [error])
        }
        return try CSVText.render(lines)
    }

    /// Writes `sweep.csv` and `report.html` into the sweep folder.
    /// - Returns: their paths.
    public func write(to folder: SweepFolder) throws -> [String] {
        let csvPath = SweepFolder.join(folder.path, "sweep.csv"), htmlPath = SweepFolder.join(folder.path, "report.html")
        try SweepFolder.writeAtomically(try csv(), to: csvPath)
        try SweepFolder.writeAtomically(html(), to: htmlPath)
        return [csvPath, htmlPath]
    }
}
