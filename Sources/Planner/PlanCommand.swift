import ArgumentParser
import PlannerKit
import Foundation
import Profiling

struct PlanCommand: ParsableCommand {
    static let defaultWorkload = "workloads/polyserve-paper.yaml"

    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a fleet: GPUs per tier, goodput against the bound, cost; writes CSV, JSON and HTML.",
        discussion: """
        Steps: the bound's sizing for the forecast rates; PolyServe with an unbounded idle pool; \
        the smallest fixed fleet at which each policy meets the attainment target; each policy's \
        goodput on PolyServe's fleet and its ratio to the bound; cost per tier.

        Writes summary.csv, policies.csv, plan.json and report.html to --out (default \
        reports/<workload name>/), atomically: a failed run leaves the previous report intact. \
        The folder must be new, empty, or an earlier report of the planner (it carries a \
        .planner-report marker); anything else is refused before any work starts.

        Examples:
          planner plan
          planner plan workloads/chat.yaml --out /tmp/chat-plan --jobs 2 --quiet
        """)

    @Argument(help: "Workload YAML file.") var workload: String = PlanCommand.defaultWorkload
    @Option(help: "Output folder (default: reports/<workload name>).") var out: String?
    @Option(help: "Simulations run in parallel (default: the core count).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Independent seeds per simulated point (1 to \(Replications.limit)); the plan holds every tier to its target in the worst.") var replications: Int = 5
    @Flag(help: "No progress on standard error.") var quiet = false
    @OptionGroup var polyserve: PolyServeOptionFlags
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256") }
        guard (1...Replications.limit).contains(replications) else { throw ValidationError("--replications must be between 1 and \(Replications.limit)") }
    }

    func run() throws {
        let inputs = try PlanningInputs.load(workload: workload)
        let folder = out ?? "reports/\(inputs.workload.folderName)"
        try ReportWriter.checkTarget(folder)
        let interactive = !quiet && isatty(STDERR_FILENO) == 1
        let progress: any PlanProgress = interactive ? TerminalProgress(steps: 3) : SilentProgress()
        var runner = PlanRunner(workload: inputs.workload, profile: inputs.profiles[0], inputs: try inputs.checksums(), jobs: jobs,
                                replications: replications, progress: progress)
        runner.limits = limits.limits(defaultInstances: PlanRunner.defaultMaximumInstances)
        runner.polyserve = polyserve.options
        let plan = try runner.run()
        try ReportWriter.write(plan, to: folder)
        let polyserve = plan.policies.first { $0.policy == .polyserve }
        print("\(plan.workload.name): plan \(fmt(plan.total.plannedGpus, 0)) GPUs = \(plan.commonFleet) instances of \(plan.profile.gpusPerInstance) × \(plan.profile.gpu), $\(fmt(plan.total.dollarsPerMonth, 0))/month; every tier meets its target in all \(plan.replications) replications; binding tier: \(plan.bindingTier ?? "-")")
        print("bound: \(plan.bounds.sizing.totalGpus) GPUs work-conserving, \(plan.bounds.sizingClairvoyant.totalGpus) with clairvoyant admission control")
        print("PolyServe goodput on \(plan.commonFleet) instances: \(fmt(polyserve?.goodputRps ?? 0)) req/s, \(percent(polyserve?.ratioToBound, 1)) % of the bound (overall: \(percent(polyserve?.overallRatioToBound, 1)) %)")
        var table = TextTable(header: ["tier", "target %", "worst %", "mean %", "planned GPUs", "$/month", "$/M output tokens"])
        for t in plan.tiers {
            table.rows.append([t.tier, fmt(t.attainmentTarget * 100, 1), percent(t.attainment), percent(t.attainmentMean), fmt(t.plannedGpus, 2),
                               fmt(t.dollarsPerMonth, 0), t.dollarsPerMillionOutputTokens.map { fmt($0, 3) } ?? "-"])
        }
        print(table.render())
        print("wrote \(folder)/summary.csv, policies.csv, plan.json, report.html in \(fmt(plan.wallSeconds, 1)) s")
    }
}
