import ArgumentParser
import Foundation
import PlannerKit
import Profiling

extension ProfileCommand {
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a profile's engine terms to your own benchmark runs of one deployment.",
            discussion: """
            Replays every run (vLLM `--save-result` JSON, a GuideLLM report, a genai-perf export, or \
            experiments of the shared corpus) on one instance of --profile, fits the engine's time per step \
            and per request (with --kernels, also the GEMM efficiencies, regenerating the table from the \
            roofline) within their physical ranges, and checks each run on a fit of the others. Refuses runs \
            of different deployments, terms the runs cannot tell apart, and a fit that leaves a run's mean or \
            median TTFT, TPOT or E2E more than --max-error off. The written profile records the runs, their \
            checksums and the largest left-out E2E error as its latency band. See docs/calibration.md.

            Examples:
              planner profile fit --measured rate2.json --measured rate8.json --measured rate16.json --profile h100-8b.csv -o h100-8b-fitted.csv
              planner profile fit --measured sweep.json --profile h100-8b.csv --token-budget 8192 -o fitted.csv
              planner profile fit --corpus ../shared/data/measured/vllm-0.15-serving --experiment 13 --experiment 14 --experiment 15 --experiment 59 --profile h100-qwen3.csv -o fitted.csv
            """)

        @Option(help: "A benchmark result: vLLM --save-result JSON, GuideLLM report or genai-perf export (repeat for several).")
        var measured: [String] = []
        @Option(help: "Folder of the shared vLLM 0.15 serving corpus, to fit on its --experiment runs.") var corpus: String?
        @Option(help: "An experiment id of --corpus (repeat for several).") var experiment: [String] = []
        @Option(help: "The profile of the deployment the runs measured.") var profile: String
        @Flag(help: "Also fit the dense (and MoE expert) GEMM efficiencies, regenerating the table from the roofline.") var kernels = false
        @Option(help: "The engine whose kernel figures --kernels starts from: \(ServingEngine.allCases.map(\.rawValue).joined(separator: ", ")).")
        var engine: ServingEngine = .vllm015
        @Option(help: "Token budget per iteration (max_num_batched_tokens) of runs whose file does not record it.") var tokenBudget = 2048
        @Option(help: "Refuse the fit when a run's mean or median is further off than this fraction.") var maxError = 0.15
        @Option(help: "Workload whose first tier's lengths stand in for a vLLM result saved without per-request lengths.") var workload: String?
        @Option(help: "Seed of the replays' arrivals and lengths.") var seed: UInt64 = 1
        @Option(name: .shortAndLong, help: "The fitted profile to write.") var output: String
        @OptionGroup var format: FormatOptions

        func validate() throws {
            guard !measured.isEmpty || !experiment.isEmpty else { throw ValidationError("give the runs: --measured FILE (repeat) or --corpus DIR --experiment ID (repeat)") }
            if !experiment.isEmpty, corpus == nil { throw ValidationError("--experiment needs --corpus, the folder of the serving corpus") }
            try require("--token-budget", tokenBudget, in: 1...InputLimits.maximumTokenBudget)
            guard maxError.isFinite, maxError > 0, maxError < 10 else { throw ValidationError("--max-error must be a fraction above 0 (0.15 is 15 %) and below 10") }
            let resolved = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
            guard resolved(output) != resolved(profile) else {
                throw ValidationError("-o names --profile itself; write the fitted profile to a new file so the original stays")
            }
        }

        func run() throws {
            // Refuse an output the planner may not replace before a fit's worth of replays.
            try OwnedFile.checkReplaceable(output, seal: .hashComment)
            var request = ProfileFitRequest(profilePath: profile)
            request.measured = measured
            request.corpus = corpus
            request.experiments = experiment
            request.fitKernels = kernels
            request.engine = engine
            request.fallbackWorkload = workload
            request.settings.tokenBudget = tokenBudget
            request.settings.maxError = maxError
            request.settings.seed = seed
            let (result, fitted) = try request.run { runs, points in
                if format.format == .text { FileHandle.standardError.write(Data("replaying \(runs) runs at \(points) grid points…\n".utf8)) }
            }
            try ProfileFormat.write(fitted, to: output)
            if format.format == .json {
                struct Report: Encodable { var result: ProfileFit.Result; var written: WrittenProfile }
                print(try JSONOutput.string(Report(result: result, written: WrittenProfile(path: output, profile: fitted))))
                return
            }
            print(result.consoleSummary())
            try WrittenProfile(path: output, profile: fitted).print(.text)
        }
    }
}
