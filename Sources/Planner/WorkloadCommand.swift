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
                try showWorkload()
            } else {
                try showTrace()
            }
        }

        private func showWorkload() throws {
            let summary = try WorkloadLoader.load(path: file).summary()
            if output.format == .json { print(try JSONOutput.string(summary)); return }
            print("\(summary.name): \(summary.description)")
            print("source \(summary.source) (sha256 \(summary.sha256.prefix(16))…), seed \(summary.seed), attainment target \(fmt(summary.attainmentTarget * 100, 1)) %")
            print("arrivals: \(summary.arrivals); total \(fmt(summary.totalRateRps)) req/s; run \(summary.runLength), warm-up \(fmt(summary.warmupSeconds, 0)) s")
            if let change = summary.mixChange { print("mix change: \(change)") }
            if !summary.profiles.isEmpty { print("profiles: \(summary.profiles.joined(separator: ", "))") }
            var table = TextTable(header: ["tier", "TPOT ms", "TTFT ms", "share", "req/s", "prompt p50/p90/p99", "output p50/p90/p99", "tokens/s"])
            for t in summary.tiers {
                let ttft = t.ttftChoicesMs.map { fmt($0, 0) }.joined(separator: "/")
                let p = t.promptPercentiles, o = t.outputPercentiles
                table.rows.append([t.name, fmt(t.tpotMs, 0), ttft, fmt(t.share, 3), fmt(t.rateRps), show(p),
                                   show(o), fmt(t.tokensPerSecond, 0)])
            }
            print(table.render())
            print("expected token load: \(fmt(summary.expectedTokensPerSecond, 0)) tokens/s")
        }

        struct TraceReport: Encodable {
            var path: String
            var format: TraceFormat
            var requests: Int
            var durationSeconds: Double?
            var meanRateRps: Double?
            var meanPrompt: Double
            var meanOutput: Double
            var promptPercentiles: Percentiles<Int>?
            var outputPercentiles: Percentiles<Int>?
            var meanPromptBlocks: Double?
        }

        private func showTrace() throws {
            var reader = try TraceReader(path: file)
            var prompts: [Int] = [], outputs: [Int] = []
            var last = 0.0, blocks = 0, blockRows = 0
            while let r = try reader.next() {
                prompts.append(r.prompt); outputs.append(r.output)
                last = r.arrival ?? last
                if let b = r.promptBlocks { blocks += b; blockRows += 1 }
            }
            let meanPrompt = Double(prompts.reduce(0, +)) / Double(prompts.count)
            let meanOutput = Double(outputs.reduce(0, +)) / Double(outputs.count)
            let hasArrivals = reader.format.hasArrivals
            let report = TraceReport(
                path: file, format: reader.format, requests: prompts.count, durationSeconds: hasArrivals ? last : nil,
                meanRateRps: hasArrivals && last > 0 ? Double(prompts.count - 1) / last : nil, meanPrompt: meanPrompt,
                meanOutput: meanOutput, promptPercentiles: Percentiles(prompts), outputPercentiles: Percentiles(outputs),
                meanPromptBlocks: blockRows > 0 ? Double(blocks) / Double(blockRows) : nil)
            if output.format == .json { print(try JSONOutput.string(report)); return }
            print("\(file): \(reader.format.rawValue) trace, \(report.requests) requests")
            if let d = report.durationSeconds, let r = report.meanRateRps { print("duration \(fmt(d, 1)) s, mean rate \(fmt(r)) req/s") }
            print("prompt mean \(fmt(meanPrompt, 1)), p50/p90/p99 \(show(report.promptPercentiles))")
            print("output mean \(fmt(meanOutput, 1)), p50/p90/p99 \(show(report.outputPercentiles))")
            if let b = report.meanPromptBlocks { print("prompt blocks (512-token hash ids) mean \(fmt(b, 1))") }
        }
    }
}

/// p50/p90/p99 as one cell; a dash for no samples.
func show(_ p: Percentiles<Int>?) -> String {
    p.map { "\($0.p50)/\($0.p90)/\($0.p99)" } ?? "-"
}
