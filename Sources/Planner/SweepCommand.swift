import ArgumentParser
import Foundation
import PlannerKit

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Plan many scenarios (growth, SLAs, GPU types, …) and compare their cost; locally or on Slurm or Kubernetes.",
        discussion: """
        A sweep file (docs/sweeps.md) names a base workload and the axes to vary; every scenario is one plan, \
        written to DIR/runs/I/ with the plan contract's files. `planner sweep SPEC` plans, runs and merges in \
        one go; the steps apart let a cluster scheduler run the scenarios.

        Examples:
          planner sweep workloads/sweeps/paper-cost-of-sla.yaml --out reports/paper-sweep --jobs 2
          planner sweep plan workloads/sweeps/paper-cost-of-sla.yaml --out /shared/paper-sweep
          planner sweep run /shared/paper-sweep --index 3
          planner sweep emit /shared/paper-sweep --scheduler slurm && sbatch /shared/paper-sweep/slurm.sh
          planner sweep merge /shared/paper-sweep
        """,
        subcommands: [All.self, Plan.self, Run.self, Merge.self, Emit.self],
        defaultSubcommand: All.self)
}

extension SweepCommand {
    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Plan, run every scenario, and merge (the default).")
        @Argument(help: "Sweep YAML file.") var spec: String
        @Option(help: "Sweep folder (default: reports/<sweep name>).") var out: String?
        @OptionGroup var parallel: ParallelOptions

        func run() throws {
            let s = try SweepSpec.load(path: spec)
            let folder = try SweepFolder.create(s, at: out ?? "reports/\(s.folderName)")
            print(folder.consoleSummary())
            try Run.runAll(folder, parallel)
            let merge = SweepMerge(folder)
            print(merge.consoleSummary(wrote: try merge.write(to: folder)))
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the sweep folder: its manifest, one scenario per line; nothing is run.")
        @Argument(help: "Sweep YAML file.") var spec: String
        @Option(help: "Sweep folder (default: reports/<sweep name>).") var out: String?

        func run() throws {
            let s = try SweepSpec.load(path: spec)
            print(try SweepFolder.create(s, at: out ?? "reports/\(s.folderName)").consoleSummary())
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run scenario --index (one scheduler task), or every unfinished one; finished ones are skipped.")
        @Argument(help: "Sweep folder.") var folder: String
        @Option(help: "The scenario to run (0-based); default: every unfinished one.") var index: Int?
        @OptionGroup var parallel: ParallelOptions

        func run() throws {
            let sweep = try SweepFolder(reading: folder)
            guard let index else { return try Self.runAll(sweep, parallel) }
            print(try sweep.run(index, jobs: parallel.jobs) ? "scenario \(index) planned into \(sweep.runFolder(index))" : "scenario \(index) was already planned")
        }

        static func runAll(_ sweep: SweepFolder, _ parallel: ParallelOptions) throws {
            let start = Date()
            let statuses = sweep.runPending(jobs: parallel.jobs, progress: parallel.progress(steps: 1))
            print(sweep.consoleSummary(ran: statuses, seconds: Date().timeIntervalSince(start)))
            let failed = statuses.values.filter { $0 != .finished }.count
            if failed > 0 { throw RuntimeFailure("\(failed) scenario(s) failed (listed above; failures/ holds each error); the others are planned") }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write sweep.csv and report.html from every scenario; failed and missing ones are listed.")
        @Argument(help: "Sweep folder.") var folder: String

        func run() throws {
            let sweep = try SweepFolder(reading: folder), merge = SweepMerge(sweep)
            print(merge.consoleSummary(wrote: try merge.write(to: sweep)))
        }
    }
}
