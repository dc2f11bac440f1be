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

        Every kind of plan writes summary.csv (the same per-tier columns first), plan.json \
        (a common header, then the kind's body) and report.html, plus files of its own \
        (docs/outputs.md), to --out (default reports/<workload name>/), atomically: a failed run leaves the previous report intact. \
        The folder must be new, empty, or an earlier report of the planner (it carries a \
        .planner-report marker); anything else is refused before any work starts.

        Several profiles (`profiles:` in the workload, or --profile repeated) of one model on \
        different GPU types or TP groups plan a mixed fleet: the bound's cost-optimal mix, the \
        cheapest mix found from it at which PolyServe meets every tier, each type alone beside \
        it, and every policy on the planned mix; it adds types.csv.

        Serving (--serving, or the workload's `serving:`): colocated (the default), \
        disaggregated (prefill and decode instances in separate pools, the KV cache moved \
        between them), or both, planned side by side (summary.csv is the cheaper mode's; it \
        adds serving.csv, colocated-summary.csv and disaggregated-summary.csv).

        A workload with a `schedule:` (demand over a day or a week) is planned per window \
        instead: each window's fleet (bound and PolyServe), static peak provisioning against \
        following the load, the GPUs to reserve at --reserved-price with the rest at \
        --on-demand-price, and one continuous autoscaled simulation of the whole period with \
        --provisioning-delay; it adds windows.csv.

        Examples:
          planner plan
          planner plan workloads/chat.yaml --out /tmp/chat-plan --jobs 2 --quiet
          planner plan workloads/diurnal.yaml --replications 3 --reserved-price 1.9
          planner plan workloads/polyserve-paper.yaml --serving both --out reports/paper-serving
          planner plan workloads/mixed-h200-l40s.yaml
          planner plan workloads/chat.yaml --profile workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv \\
              --profile workloads/profiles/l40s-llama-3.1-8b-tp1.csv
        """)

    @Argument(help: "Workload YAML file.") var workload: String = PlanCommand.defaultWorkload
    @Option(help: "Output folder (default: reports/<workload name>).") var out: String?
    @Option(help: "Profile file; repeat for several server types (default: the workload's).") var profile: [String] = []
    @Option(help: "colocated, disaggregated or both (default: the workload's 'serving', else colocated).") var serving: ServingChoice?
    @Option(help: "Simulations run in parallel (default: the core count).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Independent seeds per simulated point (1 to \(Replications.limit)); the plan holds every tier to its target in the worst.") var replications: Int = 5
    @Flag(help: "No progress on standard error.") var quiet = false
    @Flag(help: "Skip the latency range (two more searches at the band's edges); the plan then gives one figure.") var noRange = false
    @Option(help: "Schedules: dollars per reserved GPU-hour (default: 60 % of on demand).") var reservedPrice: Double?
    @Option(help: "Schedules: dollars per on-demand GPU-hour (default: the workload's or profile's price).") var onDemandPrice: Double?
    @Option(help: "Schedules: seconds before a server from the idle pool serves (model load).") var provisioningDelay: Double = 60
    @OptionGroup var polyserve: PolyServeOptionFlags
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256") }
        guard (1...Replications.limit).contains(replications) else { throw ValidationError("--replications must be between 1 and \(Replications.limit)") }
        for (flag, value) in [("--reserved-price", reservedPrice), ("--on-demand-price", onDemandPrice)] {
            if let value, !(value.isFinite && (0...10_000).contains(value)) { throw ValidationError("\(flag) must be from 0 to 10000 dollars per GPU-hour") }
        }
        guard provisioningDelay.isFinite, (0...86_400).contains(provisioningDelay) else { throw ValidationError("--provisioning-delay must be from 0 to 86400 seconds") }
    }

    /// The settings every plan kind runs with, from the flags.
    var settings: PlanSettings {
        var s = PlanSettings(jobs: jobs, replications: replications)
        s.limits = limits.limits(defaultInstances: PlanSettings.defaultMaximumInstances)
        s.polyserve = polyserve.options
        s.searchesLatencyRange = !noRange
        s.schedule.provisioningDelay = provisioningDelay
        s.schedule.onDemandPrice = onDemandPrice
        s.schedule.reservedPrice = reservedPrice
        return s
    }

    func run() throws {
        let request = PlanRequest(inputs: try PlanningInputs.load(workload: workload, profiles: profile), settings: settings, serving: serving?.modes)
        _ = try request.kind()
        let folder = out ?? "reports/\(request.inputs.workload.folderName)"
        try ReportWriter.checkTarget(folder)
        let interactive = !quiet && isatty(STDERR_FILENO) == 1
        let outcome = try request.run { steps -> any PlanProgress in interactive ? TerminalProgress(steps: steps) : SilentProgress() }
        try ReportWriter.write(outcome, to: folder)
        print(outcome.consoleSummary(writtenTo: folder))
    }
}
