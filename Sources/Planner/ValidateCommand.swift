import ArgumentParser
import Foundation
import PlannerKit
import Profiling

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the latency model against measured runs it was and was not fitted to.",
        discussion: """
        By default, fits the latency model to the measured corpus (--corpus, \
        default ../shared/data/measured) and prints, for each group (a GPU, a \
        model, a TP degree), the error with every run in the fit and with the \
        group's runs left out: static batches (argonne/, LLM-Inference-Bench: \
        kernel factors and each offline engine's time per step) and online \
        serving (vllm-0.15-serving/: every run replayed in the simulator on a \
        generated profile; vLLM 0.15's time per step and per request). About \
        a minute in release. --manifest replays the scenarios of a manifest; \
        --measured replays a vLLM serving benchmark result (the JSON \
        `--save-result` writes) on --profile.

        Examples:
          planner validate
          planner validate --only static --format json
          planner validate --manifest workloads/validation/scenarios.yaml
          planner validate --measured result.json --profile workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv --format json
        """)

    enum Section: String, ExpressibleByArgument, CaseIterable { case all, `static`, serving }

    @Option(help: "A vLLM serving benchmark result (--save-result JSON).") var measured: String?
    @Option(help: "Profile to replay on (required with --measured).") var profile: String?
    @Option(help: "Workload whose first tier's lengths to use when the result has no input_lens/output_lens.") var workload: String?
    @Option(help: "Folder of the measured corpus (argonne/ and vllm-0.15-serving/).") var corpus = "../shared/data/measured"
    @Option(help: "Which part of the corpus: all, static, serving.") var only: Section = .all
    @Option(help: "Manifest of measured scenarios (YAML) to replay instead of the corpus.") var manifest: String?
    @Option(help: "Write the serving runs' held-out mean-E2E errors per GPU and model to this file, for `profile generate --bands`.")
    var writeBands: String?
    @Option(help: "Policy that stands in for the engine's scheduler.") var policy: PolicyID = .minimal
    @Option(help: "Static token budget per iteration (the engine's max batched tokens).") var tokenBudget = 512
    @Option(help: "Engine time per request outside the iterations (ms); default: the scenario's engine, or the profile's.") var requestOverheadMs: Double?
    @Option(help: "Engine time per iteration outside the kernels (ms); default: the scenario's engine, or the profile's.") var iterationOverheadMs: Double?
    @Option(help: "Engine time per running request in each iteration (ms); default: the scenario's engine, or the profile's.") var sequenceOverheadMs: Double?
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if measured != nil, profile == nil { throw ValidationError("--measured needs --profile: the GPU and model the run was measured on") }
        guard (1...InputLimits.maximumTokenBudget).contains(tokenBudget) else {
            throw ValidationError("--token-budget must be between 1 and \(InputLimits.maximumTokenBudget)")
        }
        if let requestOverheadMs, !(requestOverheadMs.isFinite && (0...60_000).contains(requestOverheadMs)) {
            throw ValidationError("--request-overhead-ms must be between 0 and 60000")
        }
        if let iterationOverheadMs, !(iterationOverheadMs.isFinite && (0...10_000).contains(iterationOverheadMs)) {
            throw ValidationError("--iteration-overhead-ms must be between 0 and 10000")
        }
        if let sequenceOverheadMs, !(sequenceOverheadMs.isFinite && (0...1_000).contains(sequenceOverheadMs)) {
            throw ValidationError("--sequence-overhead-ms must be between 0 and 1000")
        }
        if measured != nil, manifest != nil { throw ValidationError("give --measured or --manifest, not both") }
        if writeBands != nil, measured != nil || manifest != nil || only == .static {
            throw ValidationError("--write-bands writes the serving corpus's held-out errors; use it with the corpus (--only all or serving)")
        }
        guard !policy.sizesItsOwnFleet else { throw ValidationError("--policy must be a fixed-fleet scheduler (minimal, co-chunk, random, partitioned); an engine runs on the servers it has") }
    }

    func run() throws {
        var reports: [ServingReplay.Report] = []
        if let measured, let profile {
            let fallback = try workload.map { try PlanningInputs.load(workload: $0).workload.tiers[0].lengths }
            let run = try VLLMBenchmarkResult.load(path: measured, fallback: fallback)
            reports.append(try replayer(on: try ProfileFormat.read(path: profile)).replay(run))
        } else if let manifest {
            var runnable: [(scenario: ValidationManifest.Scenario, profile: LatencyProfile)] = []
            for scenario in try ValidationManifest.load(path: manifest).scenarios {
                if let why = scenario.unavailable {
                    if output.format == .text { print("skipped \(scenario.name): \(why)") }
                    continue
                }
                runnable.append((scenario, try ProfileFormat.read(path: scenario.profilePath)))
            }
            for (scenario, profile) in runnable {
                let replay = replayer(on: profile)
                guard let report = try replay.replay(scenario, source: manifest) else { continue }
                reports.append(report)
            }
            if reports.isEmpty { throw RuntimeFailure("no scenario of \(manifest) could run (its measured files are absent); give a run with --measured FILE --profile P") }
        } else {
            try runCorpus()
            return
        }
        if output.format == .json { print(try JSONOutput.string(reports)); return }
        var table = TextTable(header: ["scenario", "sample", "metric", "measured ms", "other engine ms", "simulated ms", "error %", "between engines"])
        for r in reports {
            for c in r.comparisons {
                table.rows.append([r.scenario, r.sample?.rawValue ?? "-", c.metric, fmt(c.measuredMs, 1), c.otherEngineMs.map { fmt($0, 1) } ?? "-",
                                   c.simulatedText, c.error.map { fmt($0 * 100, 1) } ?? "-",
                                   c.withinEngines.map { $0 ? "yes" : "no" } ?? "-"])
            }
        }
        print(table.render())
        print("profiles: \(Set(reports.map(\.profile)).sorted().joined(separator: ", ")); policy \(policy), token budget \(tokenBudget); lengths \(reports.allSatisfy(\.lengthsMeasured) ? "measured" : "assumed where the source has none (docs/validation.md)")")
        let engines = Set(reports.compactMap(\.engine)).sorted { $0.rawValue < $1.rawValue }
        if !engines.isEmpty {
            print("engine overheads: " + engines.map { "\($0.rawValue) request \(fmt($0.requestOverheadMs, 0)) ms, iteration \(fmt($0.iterationOverheadMs, 2)) ms, per running request \(fmt($0.sequenceOverheadMs, 3)) ms" }.joined(separator: "; ")
                  + (requestOverheadMs != nil || iterationOverheadMs != nil || sequenceOverheadMs != nil ? " (overridden by the flags)" : ""))
        }
    }

    /// The replay on `profile` with this command's policy, budget and overhead.
    func replayer(on profile: LatencyProfile) -> ServingReplay {
        var replay = ServingReplay(profile: profile)
        replay.policy = policy
        replay.tokenBudget = tokenBudget
        replay.requestOverheadMs = requestOverheadMs
        replay.iterationOverheadMs = iterationOverheadMs
        replay.sequenceOverheadMs = sequenceOverheadMs
        return replay
    }
}
