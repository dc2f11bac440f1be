import ArgumentParser
import Foundation
import PlannerKit
import Profiling

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the latency model against measured runs it was and was not fitted to.",
        discussion: """
        By default, fits the latency model to the measured corpus (--corpus, default ../shared/data/measured) \
        and prints, for each group (a GPU, a model, a TP degree), the error with every run in the fit and with \
        the group's runs left out: static batches (argonne/, LLM-Inference-Bench: kernel factors and each \
        offline engine's time per step) and online serving (vllm-0.15-serving/: every run replayed in the \
        simulator on a generated profile, its prompts served from the prefix cache as its client reused them; \
        vLLM 0.15's kernels, time per step and per request). About 6 minutes in release on 2 cores (the \
        replays spread over all cores). --manifest replays the scenarios of a manifest; --measured replays a vLLM serving benchmark \
        result (the JSON `--save-result` writes) on --profile.

        Examples:
          planner validate
          planner validate --only static --format json
          planner validate --manifest workloads/validation/scenarios.yaml
          planner validate --measured result.json --profile workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv --format json
        """)

    @Option(help: "A vLLM serving benchmark result (--save-result JSON).") var measured: String?
    @Option(help: "Profile to replay on (required with --measured).") var profile: String?
    @Option(help: "Workload whose first tier's lengths to use when the result has no input_lens/output_lens.") var workload: String?
    @Option(help: "Folder of the measured corpus (argonne/ and vllm-0.15-serving/).") var corpus = "../shared/data/measured"
    @Option(help: "Which part of the corpus: all, static, serving.") var only: LatencyValidation.Part = .all
    @Option(help: "Manifest of measured scenarios (YAML) to replay instead of the corpus.") var manifest: String?
    @Option(help: "Write the serving runs' held-out mean-E2E errors per GPU and model to this file, for `profile generate --bands`.")
    var writeBands: String?
    @Flag(help: "Replay the serving corpus without prefix caching (every prompt prefilled whole), to compare; the same as --prompt-reuse none.")
    var noPrefixCaching = false
    @Option(help: "What the replayed engine's prefix cache serves of the serving corpus's prompts: whole (inference-perf's recurring pool of whole prompts, as the runs sent them), system (the shared system prompts alone), none.")
    var promptReuse: PromptReuse = .wholePrompts
    @Option(help: "Policy that stands in for the engine's scheduler.") var policy: PolicyID = .minimal
    @Option(help: "Static token budget per iteration (the engine's max batched tokens).") var tokenBudget = 512
    @Option(help: "Engine time per request outside the iterations (ms); default: the scenario's engine, or the profile's.") var requestOverheadMs: Double?
    @Option(help: "Engine time per iteration outside the kernels (ms); default: the scenario's engine, or the profile's.") var iterationOverheadMs: Double?
    @Option(help: "Engine time per running request in each iteration (ms); default: the scenario's engine, or the profile's.") var sequenceOverheadMs: Double?
    @OptionGroup var limits: LimitOptions
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if measured != nil, profile == nil { throw ValidationError("--measured needs --profile: the GPU and model the run was measured on") }
        try require("--token-budget", tokenBudget, in: 1...InputLimits.maximumTokenBudget)
        try require("--request-overhead-ms", requestOverheadMs, in: 0...60_000, unit: " ms")
        try require("--iteration-overhead-ms", iterationOverheadMs, in: 0...10_000, unit: " ms")
        try require("--sequence-overhead-ms", sequenceOverheadMs, in: 0...1_000, unit: " ms")
        if measured != nil, manifest != nil { throw ValidationError("give --measured or --manifest, not both") }
        if writeBands != nil, measured != nil || manifest != nil || only == .static {
            throw ValidationError("--write-bands writes the serving corpus's held-out errors; use it with the corpus (--only all or serving)")
        }
        if noPrefixCaching, promptReuse != .wholePrompts { throw ValidationError("give --no-prefix-caching or --prompt-reuse, not both") }
        if (noPrefixCaching || promptReuse != .wholePrompts), measured != nil || manifest != nil {
            throw ValidationError("--prompt-reuse and --no-prefix-caching apply to the serving corpus, not to --measured or --manifest")
        }
        guard !policy.sizesItsOwnFleet else { throw ValidationError("--policy must be a fixed-fleet scheduler (minimal, co-chunk, random, partitioned); an engine runs on the servers it has") }
    }

    func run() throws {
        let source: ReplayRequest.Source
        if let measured, let profile { source = .measured(path: measured, profile: profile, fallbackWorkload: workload) }
        else if let manifest { source = .manifest(path: manifest) }
        else { return try runCorpus() }
        let request = ReplayRequest(source: source, settings: ReplaySettings(
            policy: policy, tokenBudget: tokenBudget, requestOverheadMs: requestOverheadMs, iterationOverheadMs: iterationOverheadMs,
            sequenceOverheadMs: sequenceOverheadMs, limits: limits.limits(),
            progress: output.format == .text && isatty(STDERR_FILENO) == 1 ? TerminalProgress(steps: 1) : nil))
        let outcome: ReplayRequest.Outcome
        do { outcome = try request.run() } catch let nothing as ReplayRequest.NothingRan { throw RuntimeFailure(nothing.description) }
        print(output.format == .json ? try JSONOutput.string(outcome.reports) : outcome.consoleSummary(request))
    }
}
