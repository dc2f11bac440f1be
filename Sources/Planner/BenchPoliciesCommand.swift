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
        @OptionGroup var parallel: ParallelOptions
        @OptionGroup var replication: ReplicationOptions
        @OptionGroup var polyserve: PolyServeOptionFlags
        @OptionGroup var limits: LimitOptions

        func run() throws {
            try ReportWriter.checkTarget(out)
            var runner = PolicySuite(cases: try PolicySuite.cases(inFolder: suite), jobs: parallel.jobs)
            runner.replications = replication.replications
            runner.tolerance = replication.tolerance
            runner.limits = limits.limits()
            runner.polyserve = polyserve.options
            let board = try runner.run(progress: parallel.progress(steps: 2))
            try ReportWriter.write(board, to: out)
            print(board.consoleSummary())
            print("wrote \(out)/leaderboard.csv, leaderboard.json, report.html in \(fmt(board.wallSeconds, 1)) s on \(BenchmarkMachine.description)")
        }
    }
}
