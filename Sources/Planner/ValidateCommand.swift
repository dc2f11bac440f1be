import ArgumentParser
import Foundation
import PlannerKit
import Profiling

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Replay measured serving runs in the simulator and compare the latencies.",
        discussion: """
        Without --measured, replays the scenarios of a manifest (default \
        workloads/validation/scenarios.yaml: vLLM 0.6.0 and SGLang 0.3.0 serving \
        Llama-3.1-8B on A100-80GB at 4 and 8 req/s, and vLLM's offline batch \
        latency on A100, H100 and H200, from ../shared/data/measured), each on \
        its profile under its engine's fitted overheads, and says for each \
        whether it was in the calibration set. With --measured, replays a vLLM \
        serving benchmark result (the JSON `--save-result` writes) on --profile.

        Examples:
          planner validate
          planner validate --fit
          planner validate --measured result.json --profile workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv --format json
        """)

    @Option(help: "A vLLM serving benchmark result (--save-result JSON).") var measured: String?
    @Option(help: "Profile to replay on (required with --measured).") var profile: String?
    @Option(help: "Workload whose first tier's lengths to use when the result has no input_lens/output_lens.") var workload: String?
    @Option(help: "Manifest of measured scenarios (YAML).") var manifest = "workloads/validation/scenarios.yaml"
    @Option(help: "Policy that stands in for the engine's scheduler.") var policy: PolicyID = .minimal
    @Option(help: "Static token budget per iteration (the engine's max batched tokens).") var tokenBudget = 512
    @Option(help: "Engine time per request outside the iterations (ms); default: the scenario's engine, or the profile's.") var requestOverheadMs: Double?
    @Option(help: "Engine time per iteration outside the kernels (ms); default: the scenario's engine, or the profile's.") var iterationOverheadMs: Double?
    @Option(help: "Engine time per running request in each iteration (ms); default: the scenario's engine, or the profile's.") var sequenceOverheadMs: Double?
    @Flag(help: "Fit the engine overheads to the manifest's calibration scenarios (a grid search, about 5 s in release), then replay every scenario with them.") var fit = false
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
        if fit, measured != nil { throw ValidationError("--fit fits to a manifest's calibration scenarios; it does not take --measured") }
        guard !policy.sizesItsOwnFleet else { throw ValidationError("--policy must be a fixed-fleet scheduler (minimal, co-chunk, random, partitioned); an engine runs on the servers it has") }
    }

    func run() throws {
        var reports: [ServingReplay.Report] = []
        if let measured, let profile {
            let fallback = try workload.map { try PlanningInputs.load(workload: $0).workload.tiers[0].lengths }
            let run = try VLLMBenchmarkResult.load(path: measured, fallback: fallback)
            reports.append(try replayer(on: try ProfileFormat.read(path: profile)).replay(run))
        } else {
            var runnable: [(scenario: ValidationManifest.Scenario, profile: LatencyProfile)] = []
            for scenario in try ValidationManifest.load(path: manifest).scenarios {
                if let why = scenario.unavailable {
                    if output.format == .text { print("skipped \(scenario.name): \(why)") }
                    continue
                }
                runnable.append((scenario, try ProfileFormat.read(path: scenario.profilePath)))
            }
            var fitted: EngineFit.Result?
            if fit, let first = runnable.first {
                fitted = try EngineFit.fit(runnable, replay: replayer(on: first.profile))
                if let f = fitted, output.format == .text {
                    print("fitted to \(f.calibrationScenarios.joined(separator: "; ")): iteration \(fmt(f.iterationOverheadMs, 3)) ms, per running request \(fmt(f.sequenceOverheadMs, 3)) ms (RMS error \(fmt(f.rmsRelativeError * 100, 1)) %); request overhead " + f.requestOverheadMs.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 0)) ms" }.joined(separator: ", "))
                }
            }
            for (scenario, profile) in runnable {
                var replay = replayer(on: profile)
                if let f = fitted {
                    replay.iterationOverheadMs = f.iterationOverheadMs
                    replay.sequenceOverheadMs = f.sequenceOverheadMs
                    replay.requestOverheadMs = f.requestOverheadMs[scenario.engine.rawValue] ?? scenario.engine.requestOverheadMs
                }
                guard let report = try replay.replay(scenario, source: manifest) else { continue }
                reports.append(report)
            }
            if reports.isEmpty { throw ValidationError("no scenario of \(manifest) could run (its measured files are absent); give a run with --measured FILE --profile P") }
        }
        if output.format == .json { print(try JSONOutput.string(reports)); return }
        var table = TextTable(header: ["scenario", "sample", "metric", "measured ms", "other engine ms", "simulated ms", "error %", "between engines"])
        for r in reports {
            for c in r.comparisons {
                table.rows.append([r.scenario, r.sample?.rawValue ?? "-", c.metric, fmt(c.measuredMs, 1), c.otherEngineMs.map { fmt($0, 1) } ?? "-",
                                   c.simulatedMs.map { fmt($0, 1) } ?? "-", c.error.map { fmt($0 * 100, 1) } ?? "-",
                                   c.withinEngines.map { $0 ? "yes" : "no" } ?? "-"])
            }
        }
        print(table.render())
        print("profiles: \(Set(reports.map(\.profile)).sorted().joined(separator: ", ")); policy \(policy), token budget \(tokenBudget); lengths \(reports.allSatisfy(\.lengthsMeasured) ? "measured" : "assumed where the source has none (README)")")
        let engines = Set(reports.compactMap(\.engine)).sorted { $0.rawValue < $1.rawValue }
        if !engines.isEmpty {
            print("engine overheads: " + engines.map { "\($0.rawValue) request \(fmt($0.requestOverheadMs, 0)) ms, iteration \(fmt($0.iterationOverheadMs, 2)) ms, per running request \(fmt($0.sequenceOverheadMs, 3)) ms" }.joined(separator: "; ")
                  + (requestOverheadMs != nil || iterationOverheadMs != nil || sequenceOverheadMs != nil || fit ? " (overridden by the flags)" : ""))
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
