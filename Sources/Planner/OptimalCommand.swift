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
    @Flag(help: "Forbid looser tiers on tighter levels (an ablation).") var noSharing = false
    @Option(help: "Length buckets per tier.") var buckets: Int = 4
    @Option(help: "Solver time limit in seconds.") var timeLimit: Double = 60
    @Option(help: "Write the model in CPLEX LP format to this file.") var writeLp: String?
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if let instances, !(1...InputLimits.maximumInstances).contains(instances) {
            throw ValidationError("--instances must be between 1 and \(InputLimits.maximumInstances)")
        }
        guard (1...64).contains(buckets) else { throw ValidationError("--buckets must be between 1 and 64") }
        guard timeLimit > 0, timeLimit <= 86_400 else { throw ValidationError("--time-limit must be more than 0 and at most 86400 seconds") }
    }

    /// The headline (work-conserving, every tier at its target) solution's keys, plus the others under their own keys.
    struct Report: Encodable {
        var headline: BoundSolution
        var overallGoodputRps: Double?
        var clairvoyant: BoundSolution
        var overall: BoundSolution?

        enum Keys: String, CodingKey { case overallGoodputRps, clairvoyant, overall }

        func encode(to encoder: any Encoder) throws {
            try headline.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(overallGoodputRps, forKey: .overallGoodputRps)
            try c.encode(clairvoyant, forKey: .clairvoyant)
            try c.encodeIfPresent(overall, forKey: .overall)
        }
    }

    func run() throws {
        let inputs = try PlanningInputs.load(workload: workload, profiles: profile)
        var options = BoundProblem.Options()
        if (serving ?? inputs.workload.serving[0]) == .disaggregated {
            guard inputs.profiles.count == 1 else { throw ValidationError("the disaggregated bound is for one server type; give one profile") }
            options.disaggregation = try inputs.disaggregation()
        }
        options.bucketsPerTier = buckets
        options.allowSharing = !noSharing
        options.solver.timeLimitSeconds = timeLimit
        let objective: BoundProblem.Objective = instances.map { .goodput(instances: $0) } ?? .sizing(byCost: byCost)
        let solve = { (admission: BoundProblem.Admission, attainment: BoundProblem.AttainmentRule) throws -> (BoundProblem, BoundSolution) in
            var o = options
            o.admission = admission
            o.attainment = attainment
            let problem = BoundProblem(workload: inputs.workload, profiles: inputs.profiles, objective: objective, options: o)
            return (problem, try problem.solve())
        }
        let (problem, headline) = try solve(.workConserving, .perTier)
        if let writeLp { try problem.writeLP(to: writeLp) }
        let (_, clairvoyant) = try solve(.clairvoyant, .perTier)
        let overall = instances == nil ? nil : try solve(.workConserving, .overall).1
        let report = Report(headline: headline, overallGoodputRps: overall?.goodputRps, clairvoyant: clairvoyant, overall: overall)
        if output.format == .json { print(try JSONOutput.string(report)) } else {
            print(headline.consoleSummary())
            print("")
            print(clairvoyant.consoleSummary())
            if let overall { print(""); print(overall.consoleSummary()) }
        }
        if headline.status == .infeasible {
            throw RuntimeFailure("no fleet carries this workload with every tier at its target (status infeasible); lower a rate or a target")
        }
        if instances == nil, headline.totalInstances > InputLimits.maximumInstances {
            throw RuntimeFailure("the workload needs \(headline.totalInstances) instances, more than the \(InputLimits.maximumInstances) a plan can simulate; lower the rates")
        }
        if let instances, (headline.scale ?? 0) < 1e-9 {
            throw RuntimeFailure("\(instances) instance(s) carry no positive share of this mix with every tier at its target; lower a rate or add instances")
        }
    }
}
