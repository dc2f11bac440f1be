import ArgumentParser
import Foundation
import PlannerKit
import Profiling

extension BenchCommand {
    /// The policy leaderboard over a folder of workloads.
    struct Policies: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every policy's goodput on every suite workload, against the bound: the leaderboard.",
            discussion: """
            Each workload runs on the fleet the bound sizes for its forecast rate (every tier at its \
            target). On that fleet, each policy's goodput (every tier at its target, and overall) is \
            found by bisection up to the work-conserving bound. Prints the table and writes \
            leaderboard.csv, leaderboard.json and report.html (the same safety rules as a plan's report).

            Example:
              .build/release/planner bench policies --suite workloads/suite --out reports/policy-suite
            """)

        @Option(help: "Folder of workloads (*.yaml).") var suite = "workloads/suite"
        @Option(help: "Output folder.") var out = "reports/policy-suite"
        @Option(help: "Simulations run in parallel (default: the core count).") var jobs = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "Independent seeds per simulated point (1 to \(Replications.limit)).") var replications = 1
        @Option(help: "Bracket width as a fraction of the bound's goodput (at least \(GoodputSearch.minimumTolerance)).") var tolerance = 0.02
        @Flag(help: "No progress on standard error.") var quiet = false
        @OptionGroup var polyserve: PolyServeOptionFlags
        @OptionGroup var limits: LimitOptions

        func validate() throws {
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256") }
            guard (1...Replications.limit).contains(replications) else { throw ValidationError("--replications must be between 1 and \(Replications.limit)") }
            guard tolerance >= GoodputSearch.minimumTolerance, tolerance < 1 else {
                throw ValidationError("--tolerance must be in [\(GoodputSearch.minimumTolerance), 1)")
            }
        }

        func run() throws {
            try ReportWriter.checkTarget(out)
            let files: [String]
            do { files = try FileManager.default.contentsOfDirectory(atPath: suite).filter { $0.hasSuffix(".yaml") }.sorted() } catch {
                throw RuntimeFailure("--suite \(suite): cannot list the folder (\(error.localizedDescription))")
            }
            guard !files.isEmpty else { throw PolicySuiteError.empty(suite) }
            let cases = try files.map { name -> PolicySuite.Case in
                let inputs = try PlanningInputs.load(workload: "\(suite)/\(name)")
                return PolicySuite.Case(workload: inputs.workload, profile: inputs.profiles[0])
            }
            var runner = PolicySuite(cases: cases, jobs: jobs)
            runner.replications = replications
            runner.tolerance = tolerance
            runner.limits = limits.limits()
            runner.polyserve = polyserve.options
            let interactive = !quiet && isatty(STDERR_FILENO) == 1
            let board = try runner.run(progress: interactive ? TerminalProgress(steps: 2) : SilentProgress())
            try ReportWriter.write(board, to: out)
            print(board.consoleSummary())
            print("wrote \(out)/leaderboard.csv, leaderboard.json, report.html in \(fmt(board.wallSeconds, 1)) s on \(BenchmarkMachine.description)")
        }
    }
}
