import ArgumentParser
import PlannerKit
import Foundation
import Profiling

struct OptimalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimal",
        abstract: "Solve the optimal-goodput bound: GPUs per tier (sizing) or goodput for a fleet.",
        discussion: """
        Without --instances, finds the fewest GPUs (or dollars, with several GPU types and \
        --by-cost) that carry every tier's forecast rate at the attainment target. With \
        --instances N, finds the largest common scale of the mix that N instances carry.

        Examples:
          planner optimal workloads/polyserve-paper.yaml
          planner optimal workloads/polyserve-paper.yaml --instances 20 --format json
          planner optimal workloads/chat.yaml --profile workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv \\
              --profile workloads/profiles/a100-80gb-llama-3.1-8b-tp1.csv --by-cost --write-lp chat.lp
        """)

    @Argument(help: "Workload YAML file.") var workload: String
    @Option(help: "Fleet size in instances: solve for goodput instead of sizing.") var instances: Int?
    @Option(help: "Profile file (repeat for several GPU types); default: the workload's.") var profile: [String] = []
    @Option(help: "colocated or disaggregated (default: the workload's first 'serving' mode).") var serving: ServingMode?
    @Flag(help: "Minimise dollars per hour rather than GPUs.") var byCost = false
    @Flag(help: "Forbid looser tiers on tighter bins (an ablation).") var noSharing = false
    @Option(help: "Length buckets per tier.") var buckets: Int = 4
    @Option(help: "Solver time limit in seconds.") var timeLimit: Double = 60
    @Option(help: "Write the model in CPLEX LP format to this file.") var writeLp: String?
    @OptionGroup var output: FormatOptions

    func validate() throws {
        try require("--instances", instances, in: 1...InputLimits.maximumInstances)
        try require("--buckets", buckets, in: 1...64)
        guard timeLimit > 0, timeLimit <= 86_400 else { throw ValidationError("--time-limit must be more than 0 and at most 86400 seconds") }
    }

    func run() throws {
        var request = BoundRequest(inputs: try PlanningInputs.load(workload: workload, profiles: profile))
        request.instances = instances
        request.serving = serving
        request.byCost = byCost
        request.options.bucketsPerTier = buckets
        request.options.allowSharing = !noSharing
        request.options.solver.timeLimitSeconds = timeLimit
        request.lpPath = writeLp
        let report: BoundReport
        do { report = try request.run() } catch let failure as BoundRequest.Failure {
            throw failure.isUsage ? ValidationError(failure.description) : RuntimeFailure(failure.description)
        }
        print(output.format == .json ? try JSONOutput.string(report) : report.consoleSummary())
        if let failure = report.failure(instances: instances) { throw RuntimeFailure(failure.description) }
    }
}
