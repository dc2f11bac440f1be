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

        Several profiles (`profiles:` in the workload, or --profile repeated) of one model on \
        different GPU types or TP groups plan a mixed fleet: the bound's cost-optimal mix, the \
        cheapest mix found from it at which PolyServe meets every tier, each type alone beside \
        it, and every policy on the planned mix; it writes mixed-tiers.csv, mixed-types.csv, \
        mixed-plan.json and report.html.

        Serving (--serving, or the workload's `serving:`): colocated (the default), \
        disaggregated (prefill and decode instances in separate pools, the KV cache moved \
        between them), or both, planned side by side: serving.csv, serving.json, \
        colocated-summary.csv, disaggregated-summary.csv and report.html.

        A workload with a `schedule:` (demand over a day or a week) is planned per window \
        instead: each window's fleet (bound and PolyServe), static peak provisioning against \
        following the load, the GPUs to reserve at --reserved-price with the rest at \
        --on-demand-price, and one continuous autoscaled simulation of the whole period with \
        --provisioning-delay; it writes schedule.csv, schedule.json and report.html.

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
        switch outcome {
        case .single(let plan): printSingle(plan, folder: folder)
        case .servingModes(let comparison): printServingModes(comparison, folder: folder)
        case .mixed(let plan): printMixed(plan, folder: folder)
        case .schedule(let plan): printSchedule(plan, folder: folder)
        }
    }

    func printSingle(_ plan: Plan, folder: String) {
        let polyserve = plan.policies.first { $0.policy == .polyserve }
        let split = plan.prefillInstances.map { " (\($0) prefill + \(plan.commonFleet - $0) decode)" } ?? ""
        print("\(plan.workload.name): plan \(fmt(plan.total.plannedGpus, 0)) GPUs = \(plan.commonFleet) instances\(split) of \(plan.profile.gpusPerInstance) × \(plan.profile.gpu), $\(fmt(plan.total.dollarsPerMonth, 0))/month; every tier meets its target in all \(plan.replications) replications; binding tier: \(plan.bindingTier ?? "-")")
        if let r = plan.latencyRange {
            let gpus = "\(r.lowGpus.map(String.init) ?? "?")–\(r.highGpus.map(String.init) ?? "more than \(r.searchCeiling * plan.profile.gpusPerInstance)")"
            let dollars = "$\(r.dollarsPerMonthLow.map { fmt($0, 0) } ?? "?")–\(r.dollarsPerMonthHigh.map { fmt($0, 0) } ?? "?")/month"
            print("range: \(gpus) GPUs, \(dollars), with every latency \(fmt(r.band * 100, 0)) % lower or higher" +
                  (r.validated ? " (the profile's validated band)" : "; warning: the profile carries no validated band, so this is the default for an unvalidated latency model"))
        }
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

    func printServingModes(_ comparison: ServingComparison, folder: String) {
        let c = comparison.colocated, d = comparison.disaggregated
        print("\(c.workload.name): co-located \(fmt(c.total.plannedGpus, 0)) GPUs ($\(fmt(c.total.dollarsPerMonth, 0))/month), disaggregated \(fmt(d.total.plannedGpus, 0)) GPUs = \(d.prefillInstances ?? 0) prefill + \(d.commonFleet - (d.prefillInstances ?? 0)) decode ($\(fmt(d.total.dollarsPerMonth, 0))/month); \(comparison.saving > 0 ? "\(comparison.cheaper.rawValue) is cheaper by \(fmt(comparison.saving * 100, 1)) %" : "both cost the same")")
        var table = TextTable(header: ["tier", "co-located GPUs", "disaggregated GPUs", "co-located $/month", "disaggregated $/month", "co-located worst %", "disaggregated worst %"])
        for t in comparison.tiers {
            table.rows.append([t.tier, fmt(t.colocatedGpus, 2), fmt(t.disaggregatedGpus, 2), fmt(t.colocatedDollarsPerMonth, 0), fmt(t.disaggregatedDollarsPerMonth, 0),
                               percent(t.colocatedAttainment), percent(t.disaggregatedAttainment)])
        }
        print(table.render())
        var goodput = TextTable(header: ["policy", "co-located req/s", "of bound %", "disaggregated req/s", "of bound %", "prefill instances"])
        for p in comparison.policies {
            goodput.rows.append([p.policy.rawValue, fmt(p.colocatedGoodputRps), percent(p.colocatedRatioToBound, 1), fmt(p.disaggregatedGoodputRps),
                                 percent(p.disaggregatedRatioToBound, 1), p.disaggregatedPrefillInstances.map(String.init) ?? "-"])
        }
        print(goodput.render())
        print("PolyServe over the best baseline: \(comparison.polyserveGainColocated.map { fmt($0, 3) } ?? "-")× co-located on \(c.commonFleet) instances, \(comparison.polyserveGainDisaggregated.map { fmt($0, 3) } ?? "-")× disaggregated on \(d.commonFleet)")
        print("wrote \(folder)/serving.csv, serving.json, colocated-summary.csv, disaggregated-summary.csv, report.html")
    }

    func printMixed(_ plan: MixedPlan, folder: String) {
        let fleet = plan.plan.mix.enumerated().filter { $0.element > 0 }.map { "\($0.element) × \(plan.types[$0.offset].name)" }.joined(separator: " + ")
        print("\(plan.workload.name): plan \(fleet) = \(plan.plan.gpus) GPUs, $\(fmt(plan.plan.dollarsPerMonth, 0))/month (\(plan.chosen == "mixed" ? "mixed" : "one type is cheapest")); every tier meets its target in all \(plan.replications) replications: \(plan.plan.meetsEveryTier ? "yes" : "NO")")
        if let r = plan.latencyRange {
            let mix = { (m: [Int]?) in m.map { m in m.enumerated().filter { $0.element > 0 }.map { "\($0.element) × \(plan.types[$0.offset].name)" }.joined(separator: " + ") } }
            print("range: \(r.lowGpus.map(String.init) ?? "?")–\(r.highGpus.map(String.init) ?? "more than \(r.searchCeiling) instances") GPUs, $\(r.dollarsPerMonthLow.map { fmt($0, 0) } ?? "?")–\(r.dollarsPerMonthHigh.map { fmt($0, 0) } ?? "?")/month (\(mix(r.lowMix) ?? "none") to \(mix(r.highMix) ?? "none")), with every latency \(fmt(r.band * 100, 0)) % lower or higher"
                  + (r.validated ? " (the types' widest validated band)" : "; warning: a type's profile carries no validated band, so this is the default for an unvalidated latency model"))
        }
        print("bound: cost-optimal mix \(plan.boundMix.map(String.init).joined(separator: " / ")) (\(plan.types.map(\.name).joined(separator: " / "))), $\(fmt(plan.bound.dollarsPerHour * plan.hoursPerMonth, 0))/month")
        var types = TextTable(header: ["type", "planned", "GPUs", "$/month", "driven by", "alone: instances", "alone: $/month", "plan saves"])
        for (g, t) in plan.typePlans.enumerated() {
            let alone = plan.singleTypes[g]
            types.rows.append([t.type, "\(t.instances)", "\(t.gpus)", fmt(t.dollarsPerMonth, 0), t.drivenBy ?? "-", alone.fleet.map { "\($0.mix[g])" } ?? "-",
                               alone.fleet.map { fmt($0.dollarsPerMonth, 0) } ?? "none", plan.savingAgainstType[g].map { fmt($0 * 100, 1) + " %" } ?? "-"])
        }
        print(types.render())
        var tiers = TextTable(header: ["tier", "target %", "worst %", "GPUs"] + plan.types.map { "on \($0.name)" } + ["$/month"])
        for t in plan.tiers {
            tiers.rows.append([t.tier, fmt(t.attainmentTarget * 100, 1), percent(t.attainment), fmt(t.gpus, 2)] + t.gpusByType.map { fmt($0, 2) } + [fmt(t.dollarsPerMonth, 0)])
        }
        print(tiers.render())
        for p in plan.policies {
            print("\(p.policy.rawValue) on the plan: goodput \(fmt(p.goodputRps)) req/s, \(percent(p.ratioToBound, 1)) % of the bound (\(fmt(plan.goodputBound.goodputRps ?? 0)) req/s); every tier at the forecast rate: \(p.meetsEveryTier ? "yes" : "no")")
        }
        print("wrote \(folder)/mixed-tiers.csv, mixed-types.csv, mixed-plan.json, report.html in \(fmt(plan.wallSeconds, 1)) s")
    }

    func printSchedule(_ plan: SchedulePlan, folder: String) {
        let g = plan.profile.gpusPerInstance
        print("\(plan.workload.name): \(plan.windows.count) windows over \(fmt(plan.periodHours, 0)) h; peak \(plan.peakPolyserveGpus) GPUs (bound \(plan.peakBoundGpus)) of \(plan.profile.gpu)\(g > 1 ? " in groups of \(g)" : "")")
        print("static at the peak: \(fmt(plan.staticPeak.gpuHoursPerMonth, 0)) GPU-hours, $\(fmt(plan.staticPeak.dollarsPerMonth, 0))/month; following the load: \(fmt(plan.followingLoad.gpuHoursPerMonth, 0)) GPU-hours, $\(fmt(plan.followingLoad.dollarsPerMonth, 0))/month (saves \(fmt(plan.savingFraction * 100, 1)) %)")
        let s = plan.reservedSplit
        if let r = plan.latencyRange {
            let money = { (x: Double?) in x.map { "$" + fmt($0, 0) } ?? "?" }
            print("range: peak \(r.peakGpusLow.map(String.init) ?? "?")–\(r.peakGpusHigh.map(String.init) ?? "?") GPUs; following the load \(money(r.followingDollarsPerMonthLow))–\(money(r.followingDollarsPerMonthHigh))/month, at the peak \(money(r.staticPeakDollarsPerMonthLow))–\(money(r.staticPeakDollarsPerMonthHigh))/month, with every latency \(fmt(r.band * 100, 0)) % lower or higher"
                  + (r.validated ? " (the profile's validated band)" : "; warning: the profile carries no validated band, so this is the default for an unvalidated latency model"))
        }
        print("reserve \(s.reservedGpus) GPUs at $\(fmt(s.reservedPricePerGpuHour, 2)) ($\(fmt(s.reservedDollarsPerMonth, 0))) + \(fmt(s.onDemandGpuHoursPerMonth, 0)) on-demand GPU-hours at $\(fmt(s.onDemandPricePerGpuHour, 2)) ($\(fmt(s.onDemandDollarsPerMonth, 0))) = $\(fmt(s.totalDollarsPerMonth, 0))/month")
        if let c = plan.continuous {
            print("continuous run (\(plan.seeds.count) replications, \(fmt(c.requestsPerReplication, 0)) requests each, provisioning delay \(fmt(c.provisioningDelaySeconds, 0)) s, \(fmt(c.wallSeconds, 1)) s): \(fmt(c.following.gpuHoursPerMonth, 0)) GPU-hours/month")
            var table = TextTable(header: ["tier", "target %", "worst window", "attainment %", "period %", "every window"])
            for t in c.tiers {
                table.rows.append([t.tier, fmt(t.target * 100, 1), t.worstWindow ?? "-", t.worstAttainment.map { fmt($0 * 100, 2) } ?? "-",
                                   t.periodAttainment.map { fmt($0 * 100, 2) } ?? "-", t.meetsInEveryWindow ? "yes" : "NO"])
            }
            print(table.render())
        }
        print("wrote \(folder)/schedule.csv, schedule.json, report.html in \(fmt(plan.wallSeconds, 1)) s")
    }
}
