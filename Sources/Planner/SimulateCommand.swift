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

        Several profiles (the workload's `profiles:`, or --profile repeated) simulate a mixed \
        fleet: --mix gives the instances of each, in the order of the profiles; with \
        --instances auto the idle pool holds every type and each bin scales up with the type \
        cheapest per request of capacity at its TPOT.

        Disaggregated serving (--serving disaggregated, or the workload's `serving:`): \
        --prefill-instances P prefill instances share every prompt, and --instances (or auto) \
        are the decode instances the policy places requests on once their KV arrives.
        """)

    @Argument(help: "Workload YAML file.") var workload: String
    @Option(help: "Scheduling policy.") var policy: PolicyID = .polyserve
    @Option(help: "Fleet size in instances, or 'auto' for an unbounded idle pool (polyserve only).") var instances: FleetSize?
    @Option(help: ArgumentHelp("Instances of each profile, comma-separated in the order of the profiles (a mixed fleet).", valueName: "N,M,…"),
            transform: FleetMix.parse) var mix: FleetMix?
    @Option(help: "colocated or disaggregated (default: the workload's first 'serving' mode).") var serving: ServingMode?
    @Option(help: "Disaggregated: prefill instances (then --instances counts decode instances).") var prefillInstances: Int?
    @Option(help: "Multiply every tier's rate.") var rateScale: Double = 1
    @Option(help: "Seed (default: the workload's).") var seed: UInt64?
    @Option(help: "Static token budget per iteration for the baselines.") var tokenBudget: Int = 512
    @Option(help: "Seconds before a server taken from the idle pool can run (polyserve).") var provisioningDelay: Double = 0
    @Option(help: "Profile file; repeat for several server types (default: the workload's).") var profile: [String] = []
    @Option(help: "Simulate this many requests (default: the workload's run length).") var requests: Int?
    @OptionGroup var polyserve: PolyServeOptionFlags
    @OptionGroup var limits: LimitOptions
    @OptionGroup var output: FormatOptions

    func validate() throws {
        switch (instances, mix) {
        case (nil, nil): throw ValidationError("give --instances N, --instances auto, or --mix N,M,… (one count per profile)")
        case (.some, .some): throw ValidationError("give --instances or --mix, not both")
        default: break
        }
        if let mix, mix.counts.reduce(0, +) > limits.limits().instances {
            throw ValidationError("--mix totals \(mix.counts.reduce(0, +)) instances, more than the limit of \(limits.limits().instances); raise it with --max-instances (up to \(RunLimits.instanceCeiling))")
        }
        if instances.map({ $0.instances == nil }) ?? false, !policy.sizesItsOwnFleet {
            throw ValidationError("--instances auto needs a policy that sizes its own fleet (polyserve); '\(policy)' needs --instances N")
        }
        if provisioningDelay > 0, !policy.sizesItsOwnFleet {
            throw ValidationError("--provisioning-delay applies to servers taken from an idle pool; '\(policy)' has none")
        }
        if let n = instances?.instances, n > limits.limits().instances {
            throw ValidationError("--instances \(n) is more than the limit of \(limits.limits().instances); raise it with --max-instances (up to \(RunLimits.instanceCeiling))")
        }
        // A floor as for every positive input: 1e-300 passed "> 0" and simulated for "inf" seconds at 100 % attainment.
        guard rateScale.isFinite, rateScale >= 1e-6, rateScale <= 1e6 else { throw ValidationError("--rate-scale must be from 1e-6 to 1e6") }
        guard (1...InputLimits.maximumTokenBudget).contains(tokenBudget) else {
            throw ValidationError("--token-budget must be between 1 and \(InputLimits.maximumTokenBudget)")
        }
        if let requests, !(1...limits.maxRequests).contains(requests) {
            throw ValidationError("--requests must be between 1 and \(limits.maxRequests); raise the limit with --max-requests (up to \(RunLimits.requestCeiling))")
        }
        guard provisioningDelay >= 0, provisioningDelay <= 86_400 else { throw ValidationError("--provisioning-delay must be between 0 and 86400 seconds") }
    }

    func run() throws {
        var inputs = try PlanningInputs.load(workload: workload, profiles: profile, allowClosedLoop: true)
        if let requests { inputs.workload.runLength = .requests(requests) }
        if case .closed = inputs.workload.arrivals {} else if inputs.workload.totalRate * rateScale < 1e-6 {
            throw ValidationError("--rate-scale \(rateScale) brings the workload's \(inputs.workload.totalRate) req/s below 1e-6 req/s (a request every 11 days); give a larger scale")
        }
        if let mix, mix.counts.count != inputs.profiles.count {
            throw ValidationError("--mix gives \(mix.counts.count) counts for \(inputs.profiles.count) profiles (\(inputs.profiles.map(\.metadata.serverType).joined(separator: ", "))); give one per profile, in that order")
        }
        if mix == nil, instances?.instances != nil, inputs.profiles.count > 1 {
            throw ValidationError("a fixed fleet of \(inputs.profiles.count) server types (\(inputs.profiles.map(\.metadata.serverType).joined(separator: ", "))) needs --mix with a count of each, in that order")
        }
        var config = SimulationConfig(instances: mix == nil ? instances?.instances : nil, staticTokenBudget: tokenBudget, rateScale: rateScale)
        config.mix = mix?.counts
        if (serving ?? inputs.workload.serving[0]) == .disaggregated {
            guard let p = prefillInstances, (1...limits.limits().instances).contains(p) else {
                throw ValidationError("disaggregated serving needs --prefill-instances P (1 to \(limits.limits().instances)); --instances counts the decode instances")
            }
            config.disaggregation = try inputs.disaggregation()
            config.prefillInstances = p
        } else if prefillInstances != nil {
            throw ValidationError("--prefill-instances applies to disaggregated serving (--serving disaggregated)")
        }
        config.seed = seed
        config.provisioningDelay = provisioningDelay
        config.limits = limits.limits()
        config.polyserve = polyserve.options
        var sim = try Simulation(workload: inputs.workload, profiles: inputs.profiles, policy: policy, config: config)
        let r = sim.run()
        if output.format == .json { print(try JSONOutput.string(r)) } else { print(r.consoleSummary()) }
        if r.poolLimitReached {
            throw RuntimeFailure("the autoscaled pool reached the limit of \(config.limits.instances) instances and requests waited for servers, so these figures understate the policy; raise it with --max-instances or lower the rate")
        }
        if r.measured == 0 {
            throw RuntimeFailure("no request arrived after the \(fmtShort(inputs.workload.warmupSeconds)) s warm-up, so nothing was measured; shorten run.warmup_seconds or lengthen the run")
        }
    }
}
