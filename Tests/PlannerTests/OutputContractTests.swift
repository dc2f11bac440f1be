import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// The output contract (docs/outputs.md) held by every bundled workload: each
/// is planned short, written, and read back through ``PlanFolder`` alone, as
/// a downstream script would, without knowing which kind of plan it is.
@Suite(.slow) struct OutputContractTests {
    /// Every bundled workload, and the paper's mix on both serving modes.
    static let cases: [(workload: String, serving: [ServingMode]?)] = [
        ("polyserve-paper", nil), ("polyserve-burst", nil), ("chat", nil), ("code-completion", nil), ("long-context", nil),
        ("mixed-h200-l40s", nil), ("mixed-70b-tp", nil), ("diurnal", nil), ("moe-fp8", nil), ("assistant-system-prompts", nil), ("polyserve-paper-speculative", nil), ("multi-turn-chat", nil),
        ("polyserve-paper", [.colocated, .disaggregated]),
    ]

    /// The list above is every workload in `workloads/`: a new one cannot be left out.
    @Test func theCasesAreEveryBundledWorkload() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.path("workloads")).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Self.cases.map(\.workload)))
    }

    @Test(arguments: cases.indices) func everyBundledPlanReadsBackThroughTheContract(_ index: Int) throws {
        let (name, serving) = Self.cases[index]
        let path = Repository.workload(name)
        var inputs = try PlanningInputs.load(workload: path)
        inputs.workload.runLength = .requests(600)
        inputs.workload.warmupSeconds = 0
        var settings = PlanSettings(jobs: 2, replications: 1)
        settings.policies = [.polyserve]
        settings.searchesLatencyRange = false
        settings.schedule.continuous = false
        let request = PlanRequest(inputs: inputs, settings: settings, serving: serving)
        let outcome = try request.run()
        let folder = TemporaryFiles.folder().appendingPathComponent("report").path
        try ReportWriter.write(outcome, to: folder)

        // The folder holds exactly the files its kind promises, the marker aside.
        let kind = try request.kind()
        let written = Set(try FileManager.default.contentsOfDirectory(atPath: folder)).filter { !$0.hasPrefix(".") }
        #expect(written == Set(PlanFolder.files(kind)), "\(name)")

        let read = try PlanFolder(reading: folder)
        #expect(read.header.format == PlanHeader.currentFormat && read.header.kind == kind)
        #expect(read.header.seed == inputs.workload.seed && read.header.seeds.count == 1)
        #expect(read.header.settings.policies == [.polyserve] && read.header.settings.replications == 1)
        let workloadInput = try #require(read.header.inputs.first, "\(name): the header names its inputs")
        #expect(workloadInput.path == path && workloadInput.sha256.count == 64)

        // One row per tier in workload order, then the fleet's total.
        #expect(read.summary.rows.map(\.tier) == inputs.workload.tiers.map(\.name) + [PlanSummary.totalRow], "\(name)")
        let total = try #require(read.summary.total)
        let tiers = read.summary.tiers
        // Cents per row, so the rounding of n rows is at most n cents.
        let billed = tiers.map(\.dollarsPerMonth).reduce(0, +)
        #expect(abs(billed - total.dollarsPerMonth) <= 0.01 * Double(tiers.count) + 1e-9, "\(name): tiers \(billed), total \(total.dollarsPerMonth)")
        #expect(abs(tiers.map(\.rateRps).reduce(0, +) - total.rateRps) <= 0.001 * Double(tiers.count) + 1e-9, "\(name)")
        for row in tiers {
            let target = try #require(row.attainmentTarget, "\(name)/\(row.tier)")
            let attainment = try #require(row.attainment, "\(name)/\(row.tier)")
            // Attainment is written to four decimals; the flag is decided on the unrounded figure.
            #expect(row.meetsTarget == (attainment >= target) || abs(attainment - target) < 5e-5, "\(name)/\(row.tier)")
            #expect(row.plannedGpus >= 0 && row.dollarsPerMonth >= 0 && row.tpotMs != nil && !row.ttftMs.isEmpty)
        }
        #expect(total.meetsTarget == tiers.allSatisfy(\.meetsTarget), "\(name): the total meets its target only if every tier does")

        // A deployment in another precision is named with its model in both the JSON and the HTML.
        let precision = inputs.profiles[0].metadata.precision
        if !precision.isDefault {
            let json = try String(contentsOfFile: folder + "/plan.json", encoding: .utf8)
            let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
            #expect(json.contains("\"precision\" : \"\(precision)\"") && html.contains("(\(precision))") && html.contains(inputs.profiles[0].metadata.model), "\(name)")
        }
    }

    /// A folder that is not a report, or a report of another format, is refused by name.
    @Test func aFolderWithoutTheContractIsRefusedByName() throws {
        let folder = TemporaryFiles.folder().path
        #expect { try PlanFolder(reading: folder) } throws: { "\($0)".contains("plan.json") }
        try #"{"header": {"format": "planner-plan/0"}}"#.write(toFile: folder + "/plan.json", atomically: true, encoding: .utf8)
        try "tier\n".write(toFile: folder + "/summary.csv", atomically: true, encoding: .utf8)
        #expect { try PlanFolder(reading: folder) } throws: { "\($0)".contains("plan header") }
    }
}
