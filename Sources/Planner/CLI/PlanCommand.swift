import ArgumentParser
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
        reports/<workload name>/), atomically: a failed run leaves the previous report intact.

        Examples:
          planner plan
          planner plan workloads/chat.yaml --out /tmp/chat-plan --jobs 2 --quiet
        """)

    @Argument(help: "Workload YAML file.") var workload: String = PlanCommand.defaultWorkload
    @Option(help: "Output folder (default: reports/<workload name>).") var out: String?
    @Option(help: "Simulations run in parallel (default: the core count).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "No progress on standard error.") var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let inputs = try PlanningInputs.load(workload: workload, profiles: [])
        let profileChecksums = try inputs.profilePaths.map { path -> Plan.Input in
            guard let data = FileManager.default.contents(atPath: path) else { throw InputError(source: path, "cannot read") }
            return Plan.Input(path: path, sha256: sha256Hex(data))
        }
        let checksums = [Plan.Input(path: workload, sha256: inputs.workload.sourceChecksum)] + profileChecksums
        let interactive = !quiet && isatty(STDERR_FILENO) == 1
        let progress: any PlanProgress = interactive ? TerminalProgress(steps: 3) : SilentProgress()
        let plan = try PlanRunner(workload: inputs.workload, profile: inputs.profiles[0], inputs: checksums, jobs: jobs, progress: progress).run()
        let folder = out ?? "reports/\(inputs.workload.name)"
        try ReportWriter.write(plan, to: folder)
        let polyserve = plan.policies.first { $0.policy == "polyserve" }
        print("\(plan.workload.name): plan \(fmt(plan.total.plannedGpus, 0)) GPUs = \(plan.commonFleet) instances of \(plan.profile.gpusPerInstance) × \(plan.profile.gpu) (PolyServe's smallest fleet), $\(fmt(plan.total.dollarsPerMonth, 0))/month; bound \(plan.bound.totalGpus) GPUs")
        print("PolyServe goodput on \(plan.commonFleet) instances: \(fmt(polyserve?.goodputRps ?? 0)) req/s, \(fmt((polyserve?.ratioToBound ?? 0) * 100, 1)) % of the bound")
        print("wrote \(folder)/summary.csv, policies.csv, plan.json, report.html in \(fmt(plan.wallSeconds, 1)) s")
    }
}
