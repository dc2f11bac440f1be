import ArgumentParser
import PlannerKit
import Foundation
import Profiling

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a policy on a fleet and report attainment, latency and servers per bin.",
        discussion: """
        Policies: \(PolicyID.allValueStrings.joined(separator: ", ")).

        Examples:
          planner simulate workloads/polyserve-paper.yaml --policy polyserve --instances 20
          planner simulate workloads/polyserve-paper.yaml --policy polyserve --instances auto --format json
          planner simulate workloads/chat.yaml --policy co-chunk --instances 8 --rate-scale 1.5 --token-budget 1024
          planner simulate workloads/mixed-h200-l40s.yaml --mix 3,24
          planner simulate workloads/mixed-h200-l40s.yaml --instances auto

        Several profiles (the workload's `profiles:`, or --profile repeated) simulate a mixed fleet: --mix \
        gives the instances of each, in the order of the profiles; with --instances auto the idle pool holds \
        every type and each bin scales up with the type cheapest per request of capacity at its TPOT.

        Disaggregated serving (--serving disaggregated, or the workload's `serving:`): --prefill-instances P \
        prefill instances share every prompt, and --instances (or auto) are the decode instances the policy \
        places requests on once their KV arrives.
        """)

    @Argument(help: "Workload YAML file.") var workload: String
    @Option(help: "Scheduling policy.") var policy: PolicyID = .polyserve
    @Option(help: "Fleet size in instances, or 'auto' for an unbounded idle pool (polyserve only).") var instances: FleetSize?
    @Option(help: "Disaggregated: prefill instances (then --instances counts decode instances).") var prefillInstances: Int?
    @Option(help: "Multiply every tier's rate.") var rateScale: Double = 1
    @Option(help: "Seed (default: the workload's).") var seed: UInt64?
    @Option(help: "Seconds before a server taken from the idle pool can run (polyserve).") var provisioningDelay: Double = 0
    @Option(help: "Simulate this many requests (default: the workload's run length).") var requests: Int?
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var polyserve: PolyServeOptionFlags
    @OptionGroup var limits: LimitOptions
    @OptionGroup var output: FormatOptions

    func validate() throws {
        switch (instances, fleet.mix) {
        case (nil, nil): throw ValidationError("give --instances N, --instances auto, or --mix N,M,… (one count per profile)")
        case (.some, .some): throw ValidationError("give --instances or --mix, not both")
        default: break
        }
        if let n = fleet.mix?.total ?? instances?.instances, n > limits.limits().instances {
            throw ValidationError("\(fleet.mix == nil ? "--instances" : "--mix totals") \(n) instances, more than the limit of \(limits.limits().instances); raise it with --max-instances (up to \(RunLimits.instanceCeiling))")
        }
        if instances.map({ $0.instances == nil }) ?? false, !policy.sizesItsOwnFleet {
            throw ValidationError("--instances auto needs a policy that sizes its own fleet (polyserve); '\(policy)' needs --instances N")
        }
        if provisioningDelay > 0, !policy.sizesItsOwnFleet {
            throw ValidationError("--provisioning-delay applies to servers taken from an idle pool; '\(policy)' has none")
        }
        // A floor as for every positive input: 1e-300 passed "> 0" and simulated for "inf" seconds at 100 % attainment.
        guard rateScale.isFinite, rateScale >= 1e-6, rateScale <= 1e6 else { throw ValidationError("--rate-scale must be from 1e-6 to 1e6") }
        try require("--requests", requests, in: 1...limits.maxRequests, hint: "; raise the limit with --max-requests (up to \(RunLimits.requestCeiling))")
        try require("--provisioning-delay", provisioningDelay, in: 0...86_400, unit: " seconds")
    }

    func run() throws {
        var inputs = try PlanningInputs.load(workload: workload, profiles: fleet.profile, allowClosedLoop: true)
        if let requests { inputs.workload.runLength = .requests(requests) }
        var request = SimulationRequest(inputs: inputs, policy: policy, fleet: fleet.mix.map { .mix($0.counts) } ?? .instances(instances?.instances))
        request.serving = fleet.serving
        request.prefillInstances = prefillInstances
        request.config = SimulationConfig(instances: nil, staticTokenBudget: fleet.tokenBudget, rateScale: rateScale, seed: seed)
        request.config.provisioningDelay = provisioningDelay
        request.config.limits = limits.limits()
        request.config.polyserve = polyserve.options
        request.progress = output.format == .text && isatty(STDERR_FILENO) == 1 ? TerminalProgress(steps: 1) : nil
        do {
            try request.run { r in print(output.format == .json ? try JSONOutput.string(r) : r.consoleSummary()) }
        } catch let failure as SimulationRequest.Failure {
            throw failure.isUsage ? ValidationError(failure.description) : RuntimeFailure(failure.description)
        }
    }
}
