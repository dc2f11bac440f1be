import ArgumentParser
import Foundation
import PlannerKit

struct GoodputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goodput",
        abstract: "Find the largest rate at which a policy meets the attainment target on a fleet.",
        discussion: """
        Goodput is the largest common scale of the mix at which every tier meets its own target \
        in every replication; the overall goodput (the paper's definition) asks only that all \
        requests together meet the workload's target. Each is a bisection on the rate scale \
        between 0 and the matching work-conserving bound, to --tolerance of the bound.

        Examples:
          planner goodput workloads/polyserve-paper.yaml --policy polyserve --instances 20
          planner goodput workloads/chat.yaml --policy co-chunk --instances 8 --replications 3 --format json
          planner goodput workloads/mixed-h200-l40s.yaml --policy polyserve --mix 3,24
          planner goodput workloads/polyserve-paper.yaml --instances 20 --serving disaggregated

        Disaggregated serving (--serving disaggregated, or the workload's `serving:`) splits \
        the instances into prefill and decode instances: the split with the most goodput, \
        searched one instance at a time from the bound's split (or --prefill-instances P); \
        every policy places decode requests on the decode instances and shares the prefill pool. With several profiles, --mix gives the instances of each and the bound is the goodput on that mix.
        """)

    @Argument(help: "Workload YAML file.") var workload: String
    @Option(help: "Scheduling policy.") var policy: PolicyID = .polyserve
    @Option(help: "Fleet size in instances (one profile).") var instances: Int?
    @Option(help: "Disaggregated: prefill instances out of --instances (default: the split with the most goodput, searched from the bound's).") var prefillInstances: Int?
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var replication: ReplicationOptions
    @OptionGroup var polyserve: PolyServeOptionFlags
    @OptionGroup var limits: LimitOptions
    @OptionGroup var output: FormatOptions

    var total: Int { fleet.mix?.total ?? instances ?? 0 }

    func validate() throws {
        switch (instances, fleet.mix) {
        case (nil, nil): throw ValidationError("give --instances N, or --mix N,M,… for several profiles")
        case (.some, .some): throw ValidationError("give --instances or --mix, not both")
        default: break
        }
        try require("--instances", total, in: 1...limits.limits().instances, hint: "; raise the limit with --max-instances (up to \(RunLimits.instanceCeiling))")
    }

    func run() throws {
        var request = GoodputRequest(inputs: try PlanningInputs.load(workload: workload, profiles: fleet.profile), policy: policy,
                                     fleet: fleet.mix.map { .mix($0.counts) } ?? .instances(total))
        request.serving = fleet.serving
        request.prefillInstances = prefillInstances
        request.tokenBudget = fleet.tokenBudget
        request.tolerance = replication.tolerance
        request.replications = replication.replications
        request.polyserve = polyserve.options
        request.limits = limits.limits()
        let report: GoodputReport
        do { report = try request.run() } catch let failure as GoodputRequest.Failure {
            throw failure.isUsage ? ValidationError(failure.description) : RuntimeFailure(failure.description)
        }
        print(output.format == .json ? try JSONOutput.string(report) : report.consoleSummary())
    }
}
