import ArgumentParser
import Foundation
import Profiling

/// `--instances N` or `--instances auto` (an unbounded idle pool).
struct FleetSize: ExpressibleByArgument {
    var instances: Int?
    init?(argument: String) {
        if argument == "auto" { instances = nil; return }
        guard let n = Int(argument), n >= 1 else { return nil }
        instances = n
    }
}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a policy on a fleet and report attainment, latency and servers per bin.",
        discussion: """
        Policies: \(PolicyRegistry.names.joined(separator: ", ")).

        Examples:
          planner simulate workloads/polyserve-paper.yaml --policy polyserve --instances 20
          planner simulate workloads/polyserve-paper.yaml --policy polyserve --instances auto --format json
          planner simulate workloads/chat.yaml --policy co-chunk --instances 8 --rate-scale 1.5 --token-budget 1024
        """)

    @Argument(help: "Workload YAML file.") var workload: String
    @Option(help: "Scheduling policy.") var policy: String = "polyserve"
    @Option(help: "Fleet size in instances, or 'auto' for an unbounded idle pool (polyserve only).") var instances: FleetSize
    @Option(help: "Multiply every tier's rate.") var rateScale: Double = 1
    @Option(help: "Seed (default: the workload's).") var seed: UInt64?
    @Option(help: "Static token budget per iteration for the baselines.") var tokenBudget: Int = 512
    @Option(help: "Seconds before a server taken from the idle pool can run (polyserve).") var provisioningDelay: Double = 0
    @Option(help: "Profile file (default: the workload's first).") var profile: String?
    @OptionGroup var output: FormatOptions

    func validate() throws {
        guard PolicyRegistry.names.contains(policy) else {
            throw ValidationError("unknown policy '\(policy)'; expected one of \(PolicyRegistry.names.joined(separator: ", "))")
        }
        guard rateScale > 0 else { throw ValidationError("--rate-scale must be positive") }
        guard tokenBudget >= 1 else { throw ValidationError("--token-budget must be at least 1") }
        guard provisioningDelay >= 0, provisioningDelay.isFinite else { throw ValidationError("--provisioning-delay must be zero or more seconds") }
    }

    func run() throws {
        let inputs = try PlanningInputs.load(workload: workload, profiles: profile.map { [$0] } ?? [])
        var config = SimulationConfig(instances: instances.instances, staticTokenBudget: tokenBudget, rateScale: rateScale)
        config.seed = seed
        config.provisioningDelay = provisioningDelay
        var sim = try Simulation(workload: inputs.workload, profile: inputs.profiles[0], policy: policy, config: config)
        let r = sim.run()
        if output.format == .json { print(try JSONOutput.string(r)); return }
        print(Self.render(r))
    }

    static func render(_ r: SimulationResult) -> String {
        var lines = ["\(r.policy) on \(r.instances.map(String.init) ?? "auto") instances, rate scale \(fmt(r.rateScale, 3)), seed \(r.seed): attainment \(fmt(r.attainment * 100, 2)) % of \(r.measured) measured requests"]
        lines.append("arrived \(r.arrived), completed \(r.completed), unfinished \(r.unfinished), preemptions \(r.preemptions); \(fmt(r.simulatedSeconds, 1)) simulated s in \(fmt(r.wallSeconds, 2)) wall s, \(r.events) events")
        var tiers = TextTable(header: ["tier", "attainment %", "TTFT p50/p90/p99 ms", "TPOT p50/p90/p99 ms"])
        for t in r.tiers {
            let f = { (d: [String: Double]) in ["p50", "p90", "p99"].map { d[$0].map { fmt($0, 1) } ?? "-" }.joined(separator: "/") }
            tiers.rows.append([t.name, fmt(t.attainment * 100, 2), f(t.ttftMs), f(t.tpotMs)])
        }
        lines.append(tiers.render())
        if r.bins.contains(where: { $0.peak > 0 }) {
            var bins = TextTable(header: ["bin TPOT ms", "servers peak", "p95", "mean"])
            for b in r.bins { bins.rows.append([fmt(b.tpotMs, 0), "\(b.peak)", "\(b.p95)", fmt(b.mean, 2)]) }
            lines.append(bins.render())
        }
        return lines.joined(separator: "\n")
    }
}

struct GoodputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goodput",
        abstract: "Find the largest rate at which a policy meets the attainment target on a fleet.",
        discussion: """
        Bisection on the rate scale between 0 and the bound's goodput, to 2 % of the bound.

        Example:
          planner goodput workloads/polyserve-paper.yaml --policy polyserve --instances 20 --format json
        """)

    @Argument(help: "Workload YAML file.") var workload: String
    @Option(help: "Scheduling policy.") var policy: String = "polyserve"
    @Option(help: "Fleet size in instances.") var instances: Int
    @Option(help: "Static token budget per iteration for the baselines.") var tokenBudget: Int = 512
    @Option(help: "Bracket width as a fraction of the bound's goodput.") var tolerance: Double = 0.02
    @OptionGroup var output: FormatOptions

    func validate() throws {
        guard PolicyRegistry.names.contains(policy) else {
            throw ValidationError("unknown policy '\(policy)'; expected one of \(PolicyRegistry.names.joined(separator: ", "))")
        }
        guard instances >= 1 else { throw ValidationError("--instances must be at least 1") }
        guard tolerance > 0, tolerance < 1 else { throw ValidationError("--tolerance must be in (0, 1)") }
    }

    struct Report: Encodable {
        var policy: String
        var instances: Int
        var goodputRps: Double
        var boundGoodputRps: Double
        var ratioToBound: Double
        var steps: [[Double]]
    }

    func run() throws {
        let inputs = try PlanningInputs.load(workload: workload, profiles: [])
        let bound = try BoundProblem(workload: inputs.workload, profiles: [inputs.profiles[0]], objective: .goodput(instances: instances)).solve()
        guard let upper = bound.scale, upper > 0 else { throw ValidationError("the bound finds no goodput on \(instances) instances") }
        let outcome = try GoodputSearch(tolerance: tolerance).run(workload: inputs.workload, profile: inputs.profiles[0], policy: policy,
                                                                 instances: instances, upperScale: upper, staticBudget: tokenBudget)
        let report = Report(policy: policy, instances: instances, goodputRps: outcome.goodputRps, boundGoodputRps: bound.goodputRps!,
                            ratioToBound: outcome.goodputRps / bound.goodputRps!, steps: outcome.steps)
        if output.format == .json { print(try JSONOutput.string(report)); return }
        print("\(policy) on \(instances) instances: goodput \(fmt(report.goodputRps)) req/s = \(fmt(report.ratioToBound * 100, 1)) % of the bound's \(fmt(report.boundGoodputRps)) req/s")
        for step in outcome.steps { print("  scale \(fmt(step[0], 3)) (\(fmt(step[0] * inputs.workload.totalRate)) req/s): attainment \(fmt(step[1] * 100, 2)) %") }
    }
}
