import ArgumentParser
import PlannerKit
import Foundation
import Profiling

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Generate, import, check, fit and calibrate latency profiles.",
        subcommands: [Generate.self, Import.self, Check.self, Fit.self, Calibrate.self]
    )
}

extension ProfileCommand {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a profile from the roofline model for a GPU and model in the catalogue.",
            discussion: """
            GPUs: \(GPUSpec.catalogue.map(\.name).joined(separator: ", "))
            Models: \(ModelArchitecture.catalogue.map(\.name).joined(separator: ", "))

            --engine records the serving engine's time per request, per iteration and per running request, its \
            running-request cap and, where it has them, its own kernel figures, as `planner validate` fits \
            them to the measured corpus (docs/profiles.md, docs/validation.md); the default is vllm-0.15, \
            `none` records the kernels alone.

            Example:
              planner profile generate --gpu H200 --model Llama-3.1-8B -o workloads/profiles/h200-llama-3.1-8b-tp1.csv
              planner profile generate --gpu A100-80GB --model Llama-3.1-8B --engine vllm-0.6 -o a100-vllm.csv
              planner profile generate --gpu H100-SXM --model-config qwen3-14b/config.json --gpu-memory-utilization 0.9 -o h100-qwen3.csv
              planner profile generate --gpu H200 --model deepseek-v3 --tp 8 --weights fp8 --kv fp8 -o h200-dsv3-fp8.csv
              planner profile generate --gpu H200 --model deepseek-v3 --tp 8 --weights fp8 --dp-attention --expert-parallel -o h200-dsv3-dp8-ep.csv
            """)

        @Option(help: "GPU type from the catalogue.") var gpu: String
        @Option(help: "Model from the catalogue (or the name of --model-config's model).") var model: String?
        @Option(help: "A Hugging Face config.json to read the model's shape from, for a model outside the catalogue.") var modelConfig: String?
        @Option(help: "Share of GPU memory the engine may use; the KV cache gets what the weights leave (vLLM's gpu_memory_utilization).")
        var gpuMemoryUtilization = 0.9
        @Option(help: "Most requests the engine runs at once (vLLM's max_num_seqs); default: the engine's.") var maxNumSeqs: Int?
        @Option(help: "Tensor-parallel degree (GPUs per instance).") var tp: Int = 1
        @Option(help: "Price per GPU-hour in dollars (default: the catalogue's).") var price: Double?
        @Option(help: "The framework's per-iteration floor in ms (default \(RooflineParameters.default.iterationFloorMs)).") var floorMs: Double?
        @Option(help: "Serving engine whose fitted overheads to record: \(ServingEngine.allCases.map(\.rawValue).joined(separator: ", ")).")
        var engine: ServingEngine = .vllm015
        @Option(help: "How far the profile's latencies may be off, as a fraction (0.15: ±15 %), from `planner validate`'s held-out error for its family or your own check; plans size the fleet at both edges. Default: none (a plan then applies \(LatencyRange.unvalidatedBand) and warns).")
        var latencyBand: Double?
        @Option(help: "A latency-band file from `planner validate --write-bands`: the band is the larger held-out error of the profile's GPU and model on its engine; a GPU or model the file lacks leaves the profile unvalidated.")
        var bands: String?
        @Option(help: "Format the weights are served in: \(NumberFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: the config's quantisation, else bf16).") var weights: NumberFormat?
        @Option(help: "Format of the KV cache: \(Precision.kvFormats.map(\.rawValue).joined(separator: ", ")) (default bf16).") var kv: NumberFormat?
        @Flag(help: "Split the routed experts whole over the --tp GPUs (expert parallelism) instead of slicing each.") var expertParallel = false
        @Flag(help: "Run attention data-parallel over the --tp GPUs (each all heads, its share of the requests; the KV cache is never copied).") var dpAttention = false
        @Option(name: .shortAndLong, help: "Output profile file.") var output: String
        @OptionGroup var format: FormatOptions

        /// The recipe the flags describe; the catalogue lookups are the flags' to refuse.
        func recipe() throws -> ProfileRecipe {
            guard let spec = GPUSpec.named(gpu) else {
                throw ValidationError("unknown GPU '\(gpu)'; the catalogue has \(GPUSpec.catalogue.map(\.name).joined(separator: ", "))")
            }
            let source: ProfileRecipe.Model
            if let modelConfig { source = .huggingFaceConfig(path: modelConfig, name: model) }
            else if let model, let architecture = ModelArchitecture.named(model) { source = .catalogue(architecture) }
            else if let model, let config = ModelArchitecture.bundledConfig(named: model, in: "workloads/models") { source = .huggingFaceConfig(path: config, name: nil) }
            else if let model { throw ValidationError("unknown model '\(model)'; the catalogue has \(ModelArchitecture.catalogue.map(\.name).joined(separator: ", ")), workloads/models has more; or give --model-config config.json") }
            else { throw ValidationError("give --model NAME from the catalogue, or --model-config config.json") }
            var recipe = ProfileRecipe(gpu: spec, model: source, tensorParallel: tp, engine: engine, iterationFloorMs: floorMs, pricePerGPUHour: price,
                                       memoryUtilisation: gpuMemoryUtilization, maxRunningRequests: maxNumSeqs, latencyBand: latencyBand,
                                       bandsPath: bands, weights: weights, kvCache: kv)
            recipe.layout = ParallelLayout(dataParallelAttention: dpAttention, expertParallel: expertParallel)
            return recipe
        }

        func validate() throws {
            do { try recipe().check() } catch let invalid as ProfileRecipe.Invalid { throw ValidationError(invalid.description) }
        }

        func run() throws {
            let (profile, notes) = try recipe().profile()
            for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            try ProfileFormat.write(profile, to: output)
            try WrittenProfile(path: output, profile: profile).print(format.format)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import measured latencies into a profile.",
            discussion: """
            splitwise: splitwise-sim perf_model.csv; select with --model, --gpu, --tp.
            distserve: DistServe profiler JSON; select with --model, --tp (GPU defaults to A100-80GB).
            vidur: Vidur's profiling folder (compute/ and network/); select with --gpu (a100, h100), --model \
            (the folder under compute/<gpu>/, e.g. meta-llama/Meta-Llama-3-8B) and --tp. Prints how far the \
            roofline's profile for the same GPU, model and TP is from it.

            Examples:
              planner profile import --from splitwise perf_model.csv --model llama2-70b --gpu h100-80gb --tp 4 -o h100-70b.csv
              planner profile import --from distserve profiler-a100-80g.distserve.json --model facebook/opt-13b --tp 1 -o opt13b.csv
              planner profile import --from vidur ../shared/data/profiles/vidur --gpu a100 --model meta-llama/Meta-Llama-3-70B --tp 4 -o a100-70b-vidur.csv
            """)

        @Option(help: "Format of the measured file: splitwise, distserve or vidur.") var from: ProfileImport.Source
        @Argument(help: "The measured file.") var file: String
        @Option(help: "Model as named in the file.") var model: String
        @Option(help: "Hardware as named in the file (splitwise) or catalogue GPU (distserve).") var gpu: String?
        @Option(help: "Tensor-parallel degree.") var tp: Int = 1
        @Option(help: "KV capacity in tokens (default: derived).") var kvCapacity: Int?
        @Option(help: "Price per GPU-hour (default: the catalogue's).") var price: Double?
        @Option(name: .shortAndLong, help: "Output profile file.") var output: String
        @OptionGroup var format: FormatOptions

        var request: ProfileImport {
            var request = ProfileImport(source: from, path: file, model: model, gpu: gpu)
            request.tensorParallel = tp
            request.kvCapacityTokens = kvCapacity
            request.pricePerGPUHour = price
            return request
        }

        func validate() throws {
            do { try request.check() } catch { throw ValidationError(error.description) }
        }

        func run() throws {
            let (profile, notes) = try request.profile()
            if format.format == .text { for note in notes { print("note: \(note)") } }
            try ProfileFormat.write(profile, to: output)
            try WrittenProfile(path: output, profile: profile).print(format.format)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a profile and summarise it.",
            discussion: "Example:\n  planner profile check workloads/profiles/h200-llama-3.1-8b-tp1.csv --format json")

        @Argument(help: "Profile file.") var file: String
        @OptionGroup var output: FormatOptions

        func run() throws {
            let check = ProfileCheck(try ProfileFormat.read(path: file))
            print(output.format == .json ? try JSONOutput.string(check) : check.consoleSummary(file: file))
        }
    }

    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the roofline with splitwise-sim's measured iterations.",
            discussion: """
            Prints the median and p90 absolute percentage error per GPU and phase, for the rows the fit may \
            see (TP 2 and 4) and the rows held out of it (TP 8). With --fit, first refits the interconnect, \
            attention and all-reduce latency factors and the per-platform floors by grid search on the TP 2 \
            and 4 rows. Prefill rows that took less time than half their batch (failed runs) are left out.

            Example:
              planner profile calibrate ../shared/data/profiles/splitwise/perf_model.csv
              planner profile calibrate ../shared/data/profiles/splitwise/perf_model.csv --attention ../shared/data/profiles/vidur/legacy-2024-05-08/a100/attention.csv
            """)

        @Argument(help: "splitwise-sim perf_model.csv") var file: String
        @Flag(help: "Refit the roofline's factors to this file before comparing.") var fit = false
        @Flag(help: "Also print every measured point next to its prediction.") var points = false
        @Option(help: "Vidur's attention kernel profile (attention.csv, A100) to fit and check the prefill-attention term against.") var attention: String?
        @Option(help: "Vidur's profiling folder (holding compute/<gpu>/<org>/<model>/mlp.csv) to fit each GPU's kernel figures to.") var kernels: String?
        @OptionGroup var output: FormatOptions

        func run() throws {
            let report = try RooflineCalibrationReport(splitwise: file, fit: fit, attention: attention, kernels: kernels)
            print(output.format == .json ? try JSONOutput.string(report) : report.consoleSummary(points: points))
        }
    }
}

extension WrittenProfile {
    func print(_ format: OutputFormat) throws {
        Swift.print(format == .json ? try JSONOutput.string(self) : consoleLine)
    }
}
