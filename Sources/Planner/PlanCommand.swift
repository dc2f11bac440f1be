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
        Steps: the bound's sizing for the forecast rates; PolyServe with an unbounded idle pool; the smallest \
        fixed fleet at which each policy meets the attainment target; each policy's goodput on PolyServe's \
        fleet and its ratio to the bound; cost per tier.

        Every plan writes summary.csv, plan.json and report.html, plus its kind's own files (docs/outputs.md), \
        atomically to --out (default reports/<workload name>/), which must be new, empty, or an earlier report \
        of the planner; anything else is refused before any work.

        Several profiles (`profiles:` in the workload, or --profile repeated) of one model on different GPU \
        types or TP groups plan a mixed fleet: the bound's cost-optimal mix, the cheapest mix found from it at \
        which PolyServe meets every tier, each type alone beside it, and every policy on the planned mix; it \
        adds types.csv.

        Serving (--serving, or the workload's `serving:`): colocated (the default), disaggregated (prefill and \
        decode instances in separate pools, the KV cache moved between them), or both, planned side by side \
        (summary.csv is the cheaper mode's; it adds serving.csv, colocated-summary.csv and \
        disaggregated-summary.csv).

        A workload with a `schedule:` (demand over a day or a week) is planned per window instead: each \
        window's fleet (bound and PolyServe), static peak provisioning against following the load, the GPUs to \
        reserve at --reserved-price with the rest at --on-demand-price, and one continuous autoscaled \
        simulation of the whole period with --provisioning-delay; it adds windows.csv.

        Examples:
          planner plan
          planner plan workloads/chat.yaml --out /tmp/chat-plan --jobs 2 --quiet
          planner plan workloads/diurnal.yaml --replications 3 --reserved-price 1.9
          planner plan workloads/polyserve-paper.yaml --serving both --out reports/paper-serving
          planner plan workloads/mixed-h200-l40s.yaml
          planner plan workloads/chat.yaml --profile workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv \
          --profile workloads/profiles/l40s-llama-3.1-8b-tp1.csv
        """)

    @Argument(help: "Workload YAML file.") var workload: String = PlanCommand.defaultWorkload
    @Option(help: "Output folder (default: reports/<workload name>).") var out: String?
    @Option(help: "Profile file; repeat for several server types (default: the workload's).") var profile: [String] = []
    @Option(help: "colocated, disaggregated or both (default: the workload's 'serving', else colocated).") var serving: ServingChoice?
    @Option(help: "Independent seeds per simulated point (1 to \(Replications.limit)); the plan holds every tier to its target in the worst.") var replications: Int = 5
    @Flag(help: "Skip the latency range (two more searches at the band's edges); the plan then gives one figure.") var noRange = false
    @Option(help: "Schedules: dollars per reserved GPU-hour (default: 60 % of on demand).") var reservedPrice: Double?
    @Option(help: "Schedules: dollars per on-demand GPU-hour (default: the workload's or profile's price).") var onDemandPrice: Double?
    @Option(help: "Schedules: seconds before a server from the idle pool serves (model load).") var provisioningDelay: Double = 60
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var polyserve: PolyServeOptionFlags
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        try require("--replications", replications, in: 1...Replications.limit)
        try require("--reserved-price", reservedPrice, in: 0...10_000, unit: " dollars per GPU-hour")
        try require("--on-demand-price", onDemandPrice, in: 0...10_000, unit: " dollars per GPU-hour")
        try require("--provisioning-delay", provisioningDelay, in: 0...86_400, unit: " seconds")
    }

    /// The settings every plan kind runs with, from the flags.
    var settings: PlanSettings {
        var s = PlanSettings(jobs: parallel.jobs, replications: replications)
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
        let outcome = try request.run { parallel.progress(steps: $0) }
        try ReportWriter.write(outcome, to: folder)
        print(outcome.consoleSummary(writtenTo: folder))
    }
}
