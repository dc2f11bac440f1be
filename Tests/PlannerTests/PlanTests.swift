import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

@Suite(.serialized, .slow) struct PlanTests {
    /// Clears the timings, which are the only thing allowed to differ between runs.
    static func normalized(_ plan: Plan) throws -> String {
        var text = try JSONOutput.string(plan)
        for key in ["wall_seconds", "solve_seconds"] {
            text = text.replacingOccurrences(of: "\"\(key)\" : [0-9.e+-]+", with: "\"\(key)\" : 0", options: .regularExpression)
        }
        return text
    }

    /// The small plan, range included, on one thread and on two: the same plan
    /// field by field, timings aside.
    @Test func parallelPlanEqualsSerialPlan() throws {
        let serial = try TestPlans.smallPlan(jobs: 1)
        let parallel = try TestPlans.shared.get()
        #expect(serial.latencyRange != nil)
        #expect(try Self.normalized(serial) == (try Self.normalized(parallel)))
    }

    /// The planned fleet is checked by simulations run here, not by the plan's own:
    /// every tier meets its target in every replication, one instance fewer fails
    /// some replication in the binding tier, and the binding tier is the tight one.
    @Test func plannedFleetMeetsEveryTierAndTheTightTierBinds() throws {
        let plan = try TestPlans.shared.get()
        let w = try TestPlans.smallWorkload()
        let profile = try ProfileFormat.read(path: w.profilePaths[0])
        let fleet = try #require(plan.policies.first { $0.policy == .polyserve }?.fleetInstances)
        #expect(plan.commonFleet == fleet)
        #expect(plan.bindingTier == w.tiers[0].name)
        var met = true, fewerMissedTight = false
        for seed in plan.header.seeds {
            var config = SimulationConfig(instances: fleet, seed: seed)
            var sim = try Simulation(workload: w, profile: profile, policy: .polyserve, config: config)
            let r = sim.run()
            for (t, tier) in r.tiers.enumerated() { met = met && (tier.attainment ?? 0) >= w.tierTargets[t] }
            config.instances = fleet - 1
            var fewer = try Simulation(workload: w, profile: profile, policy: .polyserve, config: config)
            fewerMissedTight = fewerMissedTight || (fewer.run().tiers[0].attainment ?? 0) < w.tierTargets[0]
        }
        #expect(met, "every tier meets its target in every replication on the planned fleet")
        #expect(fewerMissedTight, "one instance fewer, the tight tier misses in some replication")
        for t in plan.tiers {
            #expect(t.meetsTarget && (t.attainment ?? 0) >= t.attainmentTarget)
            #expect(t.attainmentInterval95.map { $0.contains(t.attainmentMean!) } == true)
        }
        #expect(plan.tiers[0].attainmentTarget == 0.9 && plan.tiers[1].attainmentTarget == 0.5)
    }

    @Test func costFollowsConsumptionAndAddsUp() throws {
        let plan = try TestPlans.shared.get()
        let fleetGPUs = Double(plan.commonFleet * plan.profile.gpusPerInstance)
        #expect(abs(plan.tiers.reduce(0) { $0 + $1.plannedGpus } - fleetGPUs) < 1e-9)
        #expect(abs(plan.tiers.reduce(0) { $0 + $1.dollarsPerMonth } - plan.total.dollarsPerMonth) < 1e-6)
        #expect(abs(plan.total.dollarsPerHour - fleetGPUs * plan.profile.pricePerGpuHour) < 1e-9)
        for t in plan.tiers {
            #expect(t.plannedGpus > 0 && t.dollarsPerMonth > 0, "tier \(t.tier) has traffic, so it has GPUs and dollars")
            #expect(t.dollarsPerMillionOutputTokens.map { $0 > 0 } == true)
        }
        // The tightest tier pays the most per output token; the loosest is the reference.
        let premiums = plan.tiers.compactMap(\.premiumOverLoosest)
        #expect(premiums.count == plan.tiers.count && premiums.last == 1 && premiums[0] > 1)
    }

    @Test func numbersAgreeAcrossOutputsAndWithTheParts() throws {
        let plan = try TestPlans.shared.get()
        let w = try TestPlans.smallWorkload()
        let profile = try ProfileFormat.read(path: w.profilePaths[0])
        // The bound in the plan is the bound `planner optimal` computes on its own.
        let alone = try BoundProblem(workload: w, profiles: [profile], objective: .sizing(byCost: false)).solve()
        #expect(alone.totalGpus == plan.bounds.sizing.totalGpus)
        // The headline bound serves each tier at least its target and processes every request.
        for (t, tier) in plan.bounds.sizing.tiers.enumerated() {
            #expect(tier.servedRps >= w.tierTargets[t] * tier.rateRps - 1e-6)
            #expect(abs(tier.processedRps - tier.rateRps) < 1e-6)
        }
        #expect(plan.bounds.sizingClairvoyant.totalGpus <= plan.bounds.sizing.totalGpus)
        // (That no policy's goodput exceeds the bounds is tested where it can fail: BoundPropertyTests
        // simulates above them; the searches here never look above the bound.)
        let fleet = Double(plan.commonFleet)
        // The same totals appear in the CSV, the JSON and the HTML.
        let summary = try PlanSummary(csv: plan.summary().csv(), source: "summary.csv")
        let total = try #require(summary.total)
        #expect(summary.tiers.map(\.tier) == plan.tiers.map(\.tier))
        #expect(total.plannedGpus == fleet)
        #expect(total.extras["bound_gpus"].flatMap(Double.init) == Double(plan.bounds.sizing.totalGpus))
        let policies = try plan.policiesCSV()
        #expect(policies.hasPrefix("policy,fleet_instances,fleet_gpus,"))
        #expect(policies.split(separator: "\n")[0].contains("goodput_rps"))
        let json = try JSONSerialization.jsonObject(with: Data(try JSONOutput.string(plan).utf8)) as! [String: Any]
        #expect((json["total"] as! [String: Any])["planned_gpus"] as? Double == fleet)
        let header = try #require(json["header"] as? [String: Any])
        #expect((header["seeds"] as? [Any])?.count == 2 && (header["settings"] as? [String: Any])?["replications"] as? Int == 2)
        for key in ["format", "kind", "tool", "version", "seed", "inputs", "settings", "wall_seconds"] {
            #expect(header[key] != nil, "plan.json's header lacks \(key)")
        }
        for key in ["header", "workload", "profile", "bounds", "common_fleet", "binding_tier", "autoscaled", "policies", "tiers", "total"] {
            #expect(json[key] != nil, "plan.json lacks \(key)")
        }
        let html = plan.html()
        #expect(html.contains("<b>\(plan.commonFleet) GPUs</b>") && html.contains("<b>\(plan.bounds.sizing.totalGpus) GPUs</b>"))
        #expect(!html.contains("class=\"miss\""), "no tier is marked red on a plan that meets every target")
    }

    /// Five charts and the range bars (a plan always has a range).
    @Test func htmlIsSelfContainedWithSixCharts() throws {
        let html = try TestPlans.shared.get().html()
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 6)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
    }

    @Test func failedWriteLeavesPreviousReport() throws {
        let folder = TemporaryFiles.folder().appendingPathComponent("report").path
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
        let folder = TemporaryFiles.folder().appendingPathComponent("report").path
        try ReportWriter.write(try TestPlans.shared.get(), to: folder)
        let png = folder + "/report.png"
        let url = "file://" + folder + "/report.html"
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
        _ = try Self.runChromium(flags + ["--window-size=1200,3400", "--screenshot=\(png)", url])
        let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(size > 20_000, "a blank page would be a few KB; got \(size) bytes")
        let dom = try Self.runChromium(flags + ["--dump-dom", url])
        #expect(dom.components(separatedBy: "<svg class=\"chart\"").count - 1 == 6)
        #expect(dom.contains("<rect") && dom.contains("<path"))
    }

    static func runChromium(_ arguments: [String]) throws -> String {
        let process = Process()
        // Bounded: a browser that hangs must fail this test, not hold the run.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", "120", chromium!] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
