import ArgumentParser
import Foundation
import PlannerKit
import Profiling

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Replay measured serving runs in the simulator and compare the latencies.",
        discussion: """
        Without --measured, replays the published serving medians in ../shared/data/measured \
        (vLLM 0.6.0 and SGLang 0.3.0, Llama-3.1-8B on A100-80GB, ShareGPT; lengths assumed, see \
        the README) on the matching bundled profile. With --measured, replays a vLLM serving \
        benchmark result (the JSON `--save-result` writes) on --profile.

        Examples:
          planner validate
          planner validate --measured result.json --profile workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv --format json
        """)

    @Option(help: "A vLLM serving benchmark result (--save-result JSON).") var measured: String?
    @Option(help: "Profile to replay on (required with --measured).") var profile: String?
    @Option(help: "Workload whose first tier's lengths to use when the result has no input_lens/output_lens.") var workload: String?
    @Option(help: "The published serving medians (CSV).") var published = "../shared/data/measured/serving-medians.csv"
    @Option(help: "The published offline batch latencies (CSV).") var publishedBatches = "../shared/data/measured/batch-latency.csv"
    @Option(help: "Folder of bundled profiles, searched for the published scenarios' GPU and model.") var profilesDir = "workloads/profiles"
    @Option(help: "Policy that stands in for the engine's scheduler.") var policy: PolicyID = .minimal
    @Option(help: "Static token budget per iteration (the engine's max batched tokens).") var tokenBudget = 512
    @Option(help: "Engine time per request outside the iterations (ms), added to every simulated TTFT.") var requestOverheadMs = 0.0
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if measured != nil, profile == nil { throw ValidationError("--measured needs --profile: the GPU and model the run was measured on") }
        guard (1...InputLimits.maximumTokenBudget).contains(tokenBudget) else {
            throw ValidationError("--token-budget must be between 1 and \(InputLimits.maximumTokenBudget)")
        }
        guard requestOverheadMs.isFinite, (0...60_000).contains(requestOverheadMs) else {
            throw ValidationError("--request-overhead-ms must be between 0 and 60000")
        }
        guard !policy.sizesItsOwnFleet else { throw ValidationError("--policy must be a fixed-fleet scheduler (minimal, co-chunk, random, partitioned); an engine runs on the servers it has") }
    }

    func run() throws {
        var reports: [ServingReplay.Report] = []
        if let measured, let profile {
            let fallback = try workload.map { try PlanningInputs.load(workload: $0).workload.tiers[0].lengths }
            let run = try VLLMBenchmarkResult.load(path: measured, fallback: fallback)
            reports.append(try replayer(on: try ProfileFormat.read(path: profile)).replay(run))
        } else {
            guard FileManager.default.fileExists(atPath: published) else {
                throw ValidationError("\(published) is absent (the shared data folder is not here); give a run with --measured FILE --profile P")
            }
            let profiles = try FileManager.default.contentsOfDirectory(atPath: profilesDir).filter { $0.hasSuffix(".csv") }.sorted()
                .map { try ProfileFormat.read(path: "\(profilesDir)/\($0)") }
            func bundled(_ gpu: String, _ model: String, _ tp: Int) -> LatencyProfile? {
                profiles.first { $0.metadata.gpu == gpu && $0.metadata.model == model && $0.metadata.tensorParallel == tp }
            }
            for scenario in try PublishedServing.load(path: published) {
                guard let p = bundled(scenario.gpu, scenario.model, scenario.tensorParallel) else {
                    throw ValidationError("no profile in \(profilesDir) for \(scenario.gpu) × \(scenario.model) TP\(scenario.tensorParallel)")
                }
                reports.append(try replayer(on: p).replay(scenario.serving))
            }
            if FileManager.default.fileExists(atPath: publishedBatches) {
                for row in try PublishedBatchLatency.load(path: publishedBatches) {
                    guard let p = bundled(row.gpu, row.model, row.tensorParallel) else { continue }
                    reports.append(try replayer(on: p).replay(row, source: publishedBatches))
                }
            }
        }
        if output.format == .json { print(try JSONOutput.string(reports)); return }
        var table = TextTable(header: ["scenario", "metric", "measured ms", "other engine ms", "simulated ms", "error %", "between engines"])
        for r in reports {
            for c in r.comparisons {
                table.rows.append([r.scenario, c.metric, fmt(c.measuredMs, 1), c.otherEngineMs.map { fmt($0, 1) } ?? "-",
                                   c.simulatedMs.map { fmt($0, 1) } ?? "-", c.error.map { fmt($0 * 100, 1) } ?? "-",
                                   c.withinEngines.map { $0 ? "yes" : "no" } ?? "-"])
            }
        }
        print(table.render())
        print("profiles: \(Set(reports.map(\.profile)).sorted().joined(separator: ", ")); policy \(policy), token budget \(tokenBudget); lengths \(reports.allSatisfy(\.lengthsMeasured) ? "measured" : "assumed where the source has none (README)")")
    }

    /// The replay on `profile` with this command's policy, budget and overhead.
    func replayer(on profile: LatencyProfile) -> ServingReplay {
        var replay = ServingReplay(profile: profile)
        replay.policy = policy
        replay.tokenBudget = tokenBudget
        replay.requestOverheadMs = requestOverheadMs
        return replay
    }
}
