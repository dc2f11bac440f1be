import Foundation
import Testing
@testable import Planner
import Profiling

@Suite(.serialized) struct PlanTests {
    static func smallPlan(jobs: Int) throws -> Plan {
        var w = try WorkloadLoader.load(path: SimulationTests.paper)
        w.runLength = .requests(2500)
        w.warmupSeconds = 5
        w = w.scaled(by: 0.2)
        let profile = try ProfileFormat.read(path: w.profilePaths[0])
        return try PlanRunner(workload: w, profile: profile, inputs: [], jobs: jobs, progress: SilentProgress()).run()
    }

    /// One plan shared by the tests that only read it.
    static let shared = Result { try smallPlan(jobs: 2) }

    /// Clears the timings, which are the only thing allowed to differ between runs.
    static func normalized(_ plan: Plan) throws -> String {
        var p = plan
        p.wallSeconds = 0
        p.autoscaled.wallSeconds = 0
        p.polyserveAtFleet?.wallSeconds = 0
        p.bound.solveSeconds = 0
        p.boundAtCommonFleet.solveSeconds = 0
        return try JSONOutput.string(p)
    }

    @Test func parallelPlanEqualsSerialPlan() throws {
        let serial = try Self.smallPlan(jobs: 1)
        let parallel = try Self.shared.get()
        #expect(try Self.normalized(serial) == (try Self.normalized(parallel)))
    }

    @Test func numbersAgreeAcrossOutputsAndWithTheParts() throws {
        let plan = try Self.shared.get()
        // The bound in the plan is the bound `planner optimal` computes on its own.
        var w = try WorkloadLoader.load(path: SimulationTests.paper)
        w.runLength = .requests(2500); w.warmupSeconds = 5; w = w.scaled(by: 0.2)
        let profile = try ProfileFormat.read(path: w.profilePaths[0])
        let alone = try BoundProblem(workload: w, profiles: [profile], objective: .sizing(byCost: false)).solve()
        #expect(alone.totalGpus == plan.bound.totalGpus)
        // PolyServe's fleet meets the target in a separate simulation, and one fewer instance misses it.
        let fleet = try #require(plan.policies.first { $0.policy == "polyserve" }?.fleetInstances)
        var config = SimulationConfig(instances: fleet)
        var sim = try Simulation(workload: w, profile: profile, policy: "polyserve", config: config)
        #expect(sim.run().attainment >= w.attainmentTarget)
        if fleet > plan.bound.totalInstances {
            config.instances = fleet - 1
            var fewer = try Simulation(workload: w, profile: profile, policy: "polyserve", config: config)
            #expect(fewer.run().attainment < w.attainmentTarget)
        }
        // Per-tier planned GPUs add up to the fleet; finance is consistent.
        #expect(abs(plan.tiers.reduce(0) { $0 + $1.plannedGpus } - Double(fleet)) < 1e-6)
        #expect(abs(plan.total.dollarsPerMonth - plan.total.dollarsPerHour * 730) < 1e-6)
        for p in plan.policies { #expect(p.goodputRps <= (plan.boundAtCommonFleet.goodputRps ?? 0) + 1e-9) }
        // The same totals appear in the CSV, the JSON and the HTML.
        let summary = try plan.summaryCSV()
        let totalRow = try #require(summary.split(separator: "\n").last { $0.hasPrefix("total,") })
        let header = summary.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let fields = totalRow.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(Double(fields[header.firstIndex(of: "planned_gpus")!]) == Double(fleet))
        #expect(Double(fields[header.firstIndex(of: "bound_gpus")!]) == Double(plan.bound.totalGpus))
        let json = try JSONSerialization.jsonObject(with: Data(try JSONOutput.string(plan).utf8)) as! [String: Any]
        #expect((json["total"] as! [String: Any])["planned_gpus"] as? Double == Double(fleet))
        for key in ["tool", "version", "seed", "inputs", "workload", "profile", "bound", "common_fleet", "bound_at_common_fleet", "autoscaled", "policies", "tiers", "total"] {
            #expect(json[key] != nil, "plan.json lacks \(key)")
        }
        let html = plan.html()
        #expect(html.contains("<b>\(fleet) GPUs</b>") && html.contains("<b>\(plan.bound.totalGpus) GPUs</b>"))
    }

    @Test func htmlIsSelfContainedWithFiveCharts() throws {
        let html = try Self.shared.get().html()
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 5)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
    }

    @Test func failedWriteLeavesPreviousReport() throws {
        let folder = WorkloadFixtures.folder().appendingPathComponent("report").path
        try ReportWriter.writeAtomically(["a.csv": "old\n"], to: folder)
        #expect(throws: (any Error).self) { try ReportWriter.writeAtomically(["a.csv": "new\n", "missing/b.csv": "x"], to: folder) }
        #expect(try String(contentsOfFile: folder + "/a.csv", encoding: .utf8) == "old\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: folder).deletingLastPathComponent().path)
        #expect(leftovers == ["report"], "no staging folder is left behind")
        try ReportWriter.writeAtomically(["a.csv": "new\n"], to: folder)
        #expect(try String(contentsOfFile: folder + "/a.csv", encoding: .utf8) == "new\n")
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Renders the report in headless Chromium: the PNG is written, and the DOM
    /// Chromium built holds the five charts with their drawn marks.
    @Test(.enabled(if: chromium != nil, "needs the Debian package chromium (installed by the README's test command)"))
    func rendersInChromium() throws {
        let folder = WorkloadFixtures.folder().appendingPathComponent("report").path
        try ReportWriter.write(try Self.shared.get(), to: folder)
        let png = folder + "/report.png"
        let url = "file://" + folder + "/report.html"
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
        _ = try Self.runChromium(flags + ["--window-size=1200,3400", "--screenshot=\(png)", url])
        let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(size > 20_000, "a blank page would be a few KB; got \(size) bytes")
        let dom = try Self.runChromium(flags + ["--dump-dom", url])
        #expect(dom.components(separatedBy: "<svg class=\"chart\"").count - 1 == 5)
        #expect(dom.contains("<rect") && dom.contains("<path"))
    }

    static func runChromium(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
