import ArgumentParser
import PlannerKit
import Foundation
import Profiling

struct WorkloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workload",
        abstract: "Inspect workload files and request traces.",
        subcommands: [Show.self]
    )
}

extension WorkloadCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a workload's tiers, rates, lengths and token load, or summarise a trace.",
            discussion: """
            A .yaml/.yml file is read as a workload; anything else as a trace (Azure CSV, \
            Mooncake JSONL, length statistics CSV or generic CSV, recognised by its header).

            Examples:
              planner workload show workloads/polyserve-paper.yaml
              planner workload show ../shared/data/traces/azure-2023/AzureLLMInferenceTrace_conv.csv --format json
            """)

        @Argument(help: "Workload YAML or trace file.") var file: String
        @OptionGroup var output: FormatOptions

        func run() throws {
            if file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                let summary = try WorkloadLoader.load(path: file).summary()
                print(output.format == .json ? try JSONOutput.string(summary) : summary.consoleSummary())
            } else {
                let summary = try TraceSummary(path: file)
                print(output.format == .json ? try JSONOutput.string(summary) : summary.consoleSummary())
            }
        }
    }
}
