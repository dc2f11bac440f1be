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
        every policy places decode requests on the decode instances and shares the prefill pool.

        With several profiles (a mixed fleet) --mix gives the instances of each, in the order \
        of the profiles, and the bound is the goodput on that composition.
        """)

    @Argument(help: "Workload YAML file.") var workload: String
    @Option(help: "Scheduling policy.") var policy: PolicyID = .polyserve
    @Option(help: "Fleet size in instances (one profile).") var instances: Int?
    @Option(help: ArgumentHelp("Instances of each profile, comma-separated in the order of the profiles (a mixed fleet).", valueName: "N,M,…"),
            transform: FleetMix.parse) var mix: FleetMix?
    @Option(help: "Profile file; repeat for several server types (default: the workload's).") var profile: [String] = []
    @Option(help: "colocated or disaggregated (default: the workload's first 'serving' mode).") var serving: ServingMode?
    @Option(help: "Disaggregated: prefill instances out of --instances (default: the split with the most goodput, searched from the bound's).") var prefillInstances: Int?
    @Option(help: "Static token budget per iteration for the baselines.") var tokenBudget: Int = 512
    @Option(help: "Bracket width as a fraction of the bound's goodput (at least \(GoodputSearch.minimumTolerance)).") var tolerance: Double = 0.02
    @Option(help: "Independent seeds per point (1 to \(Replications.limit)).") var replications: Int = 1
    @OptionGroup var polyserve: PolyServeOptionFlags
    @OptionGroup var limits: LimitOptions
    @OptionGroup var output: FormatOptions

    var total: Int { mix?.counts.reduce(0, +) ?? instances ?? 0 }

    func validate() throws {
        switch (instances, mix) {
        case (nil, nil): throw ValidationError("give --instances N, or --mix N,M,… for several profiles")
        case (.some, .some): throw ValidationError("give --instances or --mix, not both")
        default: break
        }
        guard (1...limits.limits().instances).contains(total) else {
            throw ValidationError("--instances must be between 1 and \(limits.limits().instances); raise the limit with --max-instances (up to \(RunLimits.instanceCeiling))")
        }
        guard tolerance >= GoodputSearch.minimumTolerance, tolerance < 1 else {
            throw ValidationError("--tolerance must be in [\(GoodputSearch.minimumTolerance), 1); smaller brackets only chase simulation noise")
        }
        guard (1...Replications.limit).contains(replications) else { throw ValidationError("--replications must be between 1 and \(Replications.limit)") }
        guard (1...InputLimits.maximumTokenBudget).contains(tokenBudget) else {
            throw ValidationError("--token-budget must be between 1 and \(InputLimits.maximumTokenBudget)")
        }
    }

    func run() throws {
        var request = GoodputRequest(inputs: try PlanningInputs.load(workload: workload, profiles: profile), policy: policy,
                                     fleet: mix.map { .mix($0.counts) } ?? .instances(total))
        request.serving = serving
        request.prefillInstances = prefillInstances
        request.tokenBudget = tokenBudget
        request.tolerance = tolerance
        request.replications = replications
        request.polyserve = polyserve.options
        request.limits = limits.limits()
        let report: GoodputReport
        do { report = try request.run() } catch let failure as GoodputRequest.Failure {
            throw failure.isUsage ? ValidationError(failure.description) : RuntimeFailure(failure.description)
        }
        print(output.format == .json ? try JSONOutput.string(report) : report.consoleSummary())
    }
}
