import Foundation
import Testing
import Yams
import CSV
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// A sweep folder end to end on a tiny workload: planned, run, killed and
/// resumed, a failing scenario reported by name, merged; and the folder rules.
@Suite struct SweepFolderTests {
    /// Four scenarios: the fast tier at 30 and 20 ms × growth 1 and 2, plus one no server can pace.
    static func spec(failing: Bool = true) -> String {
        SweepSpecTests.files("""
        name: tiny sweep
        workload: w.yaml
        plan: {replications: 1, latency_range: false, policies: [polyserve]}
        points:
          - {tiers.fast.tpot_ms: 30, rate_scale: 1}
          - {tiers.fast.tpot_ms: 30, rate_scale: 2}
          - {tiers.fast.tpot_ms: 20, rate_scale: 1}
          - {tiers.fast.tpot_ms: 20, rate_scale: 2}
        \(failing ? "  - {tiers.fast.tpot_ms: 0.5, rate_scale: 1}" : "")
        """)
    }

    static func newFolder() -> String { TemporaryFiles.folder().appendingPathComponent("sweep").path }

    @Test func aSweepRunsResumesAfterAKillAndReportsItsFailureByName() throws {
        let spec = try SweepSpec.load(path: Self.spec())
        let sweep = try SweepFolder.create(spec, at: Self.newFolder())
        #expect(sweep.scenarios.count == 5 && (0..<5).allSatisfy { sweep.status($0) == .pending })

        let first = sweep.runPending(jobs: 2)
        #expect(first.count == 5)
        #expect((0..<4).allSatisfy { first[$0] == .finished && sweep.status($0) == .finished })
        guard case .failed(let why)? = first[4], case .failed(let stored) = sweep.status(4) else { Issue.record("scenario 4 should fail"); return }
        #expect(why.contains("tiers.fast.tpot_ms") && why.contains("below the fastest iteration") && stored == why.trimmingCharacters(in: .whitespacesAndNewlines))

        // A finished scenario is skipped; a second run of everything touches only the failure.
        #expect(try sweep.run(0, jobs: 1) == false)
        let csv = try SweepMerge(sweep).csv()

        // A kill mid-scenario leaves no plan (each lands in one step): the rerun plans only what is missing, to the same figures.
        try FileManager.default.removeItem(atPath: sweep.runFolder(2))
        #expect(sweep.status(2) == .pending)
        let second = sweep.runPending(jobs: 2)
        #expect(Set(second.keys) == [2, 4])
        #expect(try SweepMerge(sweep).csv() == csv, "same seed, same plans")

        // Every scenario has a row; the failed one says why; the others have figures.
        let merge = SweepMerge(sweep)
        let rows = try CSVRows(csv)
        #expect(rows.count == 5 && rows.map { $0["status"] } == ["finished", "finished", "finished", "finished", "failed"])
        #expect(rows[4]["error"]!.contains("below the fastest iteration") && rows[4]["dollars_per_month"] == "")
        for r in rows.prefix(4) {
            #expect(Double(r["dollars_per_month"]!)! > 0 && r["meets_every_tier"] == "yes" && r["kind"] == "single")
            #expect(Double(r["polyserve_ratio_to_bound"]!)! <= 1 + 1e-9, "no policy beats the bound")
        }
        // The merged figures are the plans' own.
        let plan = try PlanFolder(reading: sweep.runFolder(1))
        #expect(rows[1]["dollars_per_month"] == CSVText.number(plan.summary.total!.dollarsPerMonth, 2))
        #expect(plan.summary.total!.rateRps == 80, "rate_scale 2 doubles the 40 req/s")
        let paths = try merge.write(to: sweep)
        let html = try String(contentsOfFile: paths[1], encoding: .utf8)
        #expect(html.contains("Failed and missing scenarios") && html.contains("below the fastest iteration") && html.contains("Cost of each tier"))
    }

    /// A real kill: `planner sweep run` is stopped with SIGKILL once its first
    /// scenario has landed; the rerun plans only the rest, and the merged
    /// figures equal those of a sweep that was never interrupted.
    @Test(.enabled(if: BadInputCatalogueTests.tool != nil, "needs the planner executable built by `swift build` (swift test builds it)"))
    func aKilledLocalSweepResumesWhereItStopped() throws {
        let spec = try SweepSpec.load(path: Self.spec(failing: false))
        let reference = try SweepFolder.create(spec, at: Self.newFolder())
        _ = reference.runPending(jobs: 1)
        let sweep = try SweepFolder.create(spec, at: Self.newFolder())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BadInputCatalogueTests.tool!)
        process.arguments = ["sweep", "run", sweep.path, "--jobs", "1", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let start = Date()
        while (0..<4).allSatisfy({ sweep.status($0) != .finished }), process.isRunning, Date().timeIntervalSince(start) < 120 { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let landed = (0..<4).filter { sweep.status($0) == .finished }
        #expect(!landed.isEmpty, "the first scenario landed before the kill")
        let rerun = sweep.runPending(jobs: 2)
        #expect(Set(rerun.keys) == Set(0..<4).subtracting(landed), "only the unfinished scenarios run again")
        #expect(try SweepMerge(sweep).csv() == SweepMerge(reference).csv())
        // Nothing half written is left beside the runs (a killed plan's staging folder is removed by the next write).
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sweep.path + "/runs").filter { !$0.allSatisfy(\.isNumber) }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aFolderIsPlannedOnceAndNeverMixedWithAnother() throws {
        let path = Self.newFolder()
        let spec = try SweepSpec.load(path: Self.spec(failing: false))
        let sweep = try SweepFolder.create(spec, at: path)
        // The same sweep again: the folder is kept as it is.
        #expect(try SweepFolder.create(spec, at: path).scenarios == sweep.scenarios)
        // Another sweep into it is refused.
        let other = try SweepSpec.load(path: SweepSpecTests.files("name: other\nworkload: w.yaml\ngrid: {rate_scale: [3]}\n"))
        #expect { try SweepFolder.create(other, at: path) } throws: { "\($0)".contains("holds another sweep") }
        // A user's folder is refused and left alone.
        let user = TemporaryFiles.folder()
        TemporaryFiles.write("mine", name: "notes.txt", in: user)
        #expect { try SweepFolder.create(spec, at: user.path) } throws: { "\($0)".contains("files the planner did not write") }
        #expect(try String(contentsOfFile: user.path + "/notes.txt", encoding: .utf8) == "mine")
        // Reading a folder that is not a sweep names it.
        #expect { try SweepFolder(reading: user.path) } throws: { "\($0)".contains("is not a planned sweep") }
        // An index outside the manifest is refused by name.
        #expect { try sweep.run(9, jobs: 1) } throws: { "\($0)".contains("--index") && "\($0)".contains("0 to 3") }
    }

    @Test func theKubernetesJobIsAnIndexedJobOverEveryScenario() throws {
        let sweep = try SweepFolder.create(try SweepSpec.load(path: Self.spec(failing: false)), at: Self.newFolder())
        var s = SweepJobSettings(planner: "planner")
        s.image = "ghcr.io/acme/planner:1.4"
        s.volumeClaim = "plans"
        s.folderInContainer = "/work/sweeps/tiny"
        let yaml = try #require(try Yams.load(yaml: sweep.jobFile(.kubernetes, s)) as? [String: Any])
        #expect(yaml["apiVersion"] as? String == "batch/v1" && yaml["kind"] as? String == "Job")
        let spec = try #require(yaml["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed" && spec["completions"] as? Int == 4)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(pod["restartPolicy"] as? String == "Never")
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect(container["image"] as? String == "ghcr.io/acme/planner:1.4")
        #expect(container["command"] as? [String] == ["planner", "sweep", "run", "/work/sweeps/tiny", "--index", "$(JOB_COMPLETION_INDEX)", "--jobs", "1"])
        let claim = ((pod["volumes"] as? [[String: Any]])?.first?["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String
        #expect(claim == "plans")

        let slurm = sweep.jobFile(.slurm, SweepJobSettings(planner: "/opt/planner it's"))
        #expect(slurm.contains("#SBATCH --array=0-3") && slurm.contains("--index \"$SLURM_ARRAY_TASK_ID\""))
        #expect(slurm.contains("exec '/opt/planner it'\\''s' sweep run"), "the path is one shell word")
    }
}

/// A CSV's rows as header-keyed dictionaries (CSV.swift's reader, not the code under test).
func CSVRows(_ text: String) throws -> [[String: String]] {
    let reader = try CSVReader(string: text, hasHeaderRow: true)
    let header = reader.headerRow ?? []
    var rows: [[String: String]] = []
    while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
    return rows
}
