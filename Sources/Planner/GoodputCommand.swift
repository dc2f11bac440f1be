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

    struct Report: Encodable {
        var policy: PolicyID
        var instances: Int
        var replications: Int
        var seeds: [UInt64]
        /// Every tier at its own target (the headline).
        var goodputRps: Double
        var boundGoodputRps: Double?
        var ratioToBound: Double?
        /// All requests together at the workload's target (the paper's definition).
        var overallGoodputRps: Double
        var overallBoundGoodputRps: Double?
        var overallRatioToBound: Double?
        var steps: [GoodputSearch.Step]
        var overallSteps: [GoodputSearch.Step]
        var serving: ServingMode
        /// Disaggregated: the prefill instances of the split measured.
        var prefillInstances: Int?
    }

    func run() throws {
        let inputs = try PlanningInputs.load(workload: workload, profiles: profile)
        let w = inputs.workload, profiles = inputs.profiles
        let typeNames = profiles.map(\.metadata.serverType).joined(separator: ", ")
        if let mix, mix.counts.count != profiles.count {
            throw ValidationError("--mix gives \(mix.counts.count) counts for \(profiles.count) profiles (\(typeNames)); give one per profile, in that order")
        }
        if mix == nil, profiles.count > 1 {
            throw ValidationError("a fleet of \(profiles.count) server types (\(typeNames)) needs --mix with a count of each, in that order")
        }
        let instances = total
        let objective: BoundProblem.Objective = mix.map { .goodputOnMix($0.counts) } ?? .goodput(instances: instances)
        var options = BoundProblem.Options()
        let mode = serving ?? w.serving[0]
        if mode == .colocated, prefillInstances != nil {
            throw ValidationError("--prefill-instances splits a disaggregated fleet; add --serving disaggregated, or leave it out for co-located serving")
        }
        if mode == .disaggregated {
            guard profiles.count == 1, mix == nil else { throw ValidationError("disaggregated serving is planned on one server type; give one profile and --instances") }
            options.disaggregation = try inputs.disaggregation()
        }
        let bounds = try FleetGoodput.Bounds.solve(workload: w, profiles: profiles, objective: objective, options: options)
        let bound = bounds.perTier
        guard let upper = bound.scale, upper > 0, bounds.overall?.scale != nil else {
            throw RuntimeFailure("the bound finds no goodput on \(instances) instances: no scale of the mix meets every tier's target")
        }
        var run = ReplicatedRun(workload: w, profiles: profiles, mix: mix?.counts, policy: policy,
                                replications: Replications(count: replications, baseSeed: w.seed))
        run.limits = limits.limits()
        run.polyserve = polyserve.options
        run.staticTokenBudget = tokenBudget
        var split: FleetGoodput.Split? = nil
        if let d = options.disaggregation {
            guard instances >= 2 else { throw ValidationError("a disaggregated fleet needs at least 2 instances (one prefill, one decode)") }
            run.disaggregation = d
            if let given = prefillInstances {
                guard (1..<instances).contains(given) else { throw ValidationError("--prefill-instances must leave at least one of the \(instances) instances for decode") }
                split = .fixed(given)
            } else {
                split = .best(start: bound.prefillInstances ?? 1, maximum: PlanRunner.defaultMaximumInstances)
            }
        }
        let g = try FleetGoodput.measure(run, instances: instances, bounds: bounds, search: GoodputSearch(tolerance: tolerance), split: split)
        let splitNote = g.prefillInstances.map { p in
            "disaggregated: \(p) prefill + \(instances - p) decode instances (\(prefillInstances == nil ? "the split with the most goodput, searched from the bound's \(bound.prefillInstances.map(String.init) ?? "-")" : "as given"))"
        }
        let perTier = g.perTier, overall = g.overall!
        let report = Report(policy: policy, instances: instances, replications: replications, seeds: run.replications.seeds,
                            goodputRps: g.goodputRps, boundGoodputRps: g.boundGoodputRps, ratioToBound: g.ratioToBound,
                            overallGoodputRps: overall.goodputRps, overallBoundGoodputRps: g.overallBoundGoodputRps,
                            overallRatioToBound: g.overallRatioToBound, steps: perTier.steps, overallSteps: overall.steps, serving: mode,
                            prefillInstances: g.prefillInstances)
        if output.format == .json { print(try JSONOutput.string(report)); return }
        if let splitNote { print(splitNote) }
        print("\(policy) on \(mix.map { zip($0.counts, profiles).map { "\($0) × \($1.metadata.serverType)" }.joined(separator: " + ") } ?? "\(instances) instances"), \(replications) replication(s):")
        print("  goodput, every tier at its target: \(fmt(report.goodputRps)) req/s = \(percent(report.ratioToBound, 1)) % of the work-conserving bound's \(fmt(bound.goodputRps ?? 0)) req/s")
        print("  overall goodput (the paper's): \(fmt(report.overallGoodputRps)) req/s = \(percent(report.overallRatioToBound, 1)) % of the bound's \(fmt(report.overallBoundGoodputRps ?? 0)) req/s")
        let names = w.tiers.map(\.name)
        for step in perTier.steps {
            let tiers = zip(names, step.tierAttainment).map { "\($0) \(percent($1))" }.joined(separator: ", ")
            print("  scale \(fmt(step.scale, 3)) (\(fmt(step.scale * w.totalRate)) req/s): \(step.meets ? "meets" : "misses"); worst replication: \(tiers)")
        }
    }
}
