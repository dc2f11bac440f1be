import ArgumentParser
import PlannerKit
import Foundation
import Profiling

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (run a release build: swift build -c release).",
        subcommands: [Bound.self, Simulate.self, Fleet.self, Policies.self]
    )

    /// Peak resident set size of this process, from getrusage (kilobytes on Linux).
    static func peakResidentMBValue() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    static func machine() -> String {
        "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB"
    }
}

extension BenchCommand {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulator throughput: the paper mix on 20 instances, one thread.",
            discussion: "Example:\n  .build/release/planner bench simulate --requests 300000")

        @Option(help: "Workload to simulate.") var workload = "workloads/polyserve-paper.yaml"
        @Option(help: "Requests to simulate.") var requests = 300_000
        @Option(help: "Fleet size.") var instances = 20
        @Option(help: "Policy.") var policy: PolicyID = .polyserve
        @Option(help: "Repetitions (the median is reported).") var repeats = 3

        func validate() throws {
            guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be between 1 and 100") }
            guard (1...InputLimits.maximumRequests).contains(requests) else { throw ValidationError("--requests must be between 1 and \(InputLimits.maximumRequests)") }
            guard (1...InputLimits.maximumInstances).contains(instances) else { throw ValidationError("--instances must be between 1 and \(InputLimits.maximumInstances)") }
        }

        func run() throws {
            var inputs = try PlanningInputs.load(workload: workload, profiles: [])
            inputs.workload.runLength = .requests(requests)
            print("simulator benchmark on \(BenchCommand.machine()): \(policy), \(requests) requests, \(instances) instances, \(inputs.workload.name)")
            var runs: [SimulationResult] = []
            for _ in 0..<repeats {
                var sim = try Simulation(workload: inputs.workload, profile: inputs.profiles[0], policy: policy,
                                         config: SimulationConfig(instances: instances))
                runs.append(sim.run())
            }
            let r = runs.sorted { $0.wallSeconds < $1.wallSeconds }[runs.count / 2]
            print("median of \(repeats): \(fmt(r.wallSeconds, 2)) s wall, \(fmt(Double(r.arrived) / r.wallSeconds, 0)) requests/s, \(fmt(Double(r.events) / r.wallSeconds, 0)) events/s; all runs: \(runs.map { fmt($0.wallSeconds, 2) }.joined(separator: ", ")) s")
            print("peak resident memory \(BenchCommand.peakResidentMBValue()) MB; attainment \(percent(r.attainment)) %")
        }
    }

    struct Bound: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the bound's sizing problem as tiers, GPU types and length buckets grow.",
            discussion: "Example:\n  .build/release/planner bench bound --profiles-dir workloads/profiles")

        @Option(help: "Folder of profiles; the first four 8B profiles (alphabetically) are the GPU types.") var profilesDir = "workloads/profiles"
        @Option(help: "Repetitions per size (the median is reported).") var repeats = 3

        func validate() throws {
            guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be between 1 and 100") }
        }

        func run() throws {
            let files = try FileManager.default.contentsOfDirectory(atPath: profilesDir).filter { $0.hasSuffix("8b-tp1.csv") }.sorted().prefix(4)
            let profiles = try files.map { try ProfileFormat.read(path: "\(profilesDir)/\($0)") }
            guard profiles.count == 4 else { throw ValidationError("need four Llama-3.1-8B TP1 profiles in \(profilesDir)") }
            print("bound benchmark on \(BenchCommand.machine()); GPU types: \(profiles.map(\.metadata.gpu).joined(separator: ", "))")
            var table = TextTable(header: ["tiers", "GPU types", "buckets", "variables", "constraints", "status", "median ms"])
            for (tiers, types, buckets) in [(2, 1, 1), (4, 2, 2), (8, 1, 4), (8, 2, 4), (8, 4, 1), (8, 4, 2), (8, 4, 4), (8, 4, 8), (16, 4, 4)] {
                let workload = Self.workload(tiers: tiers)
                var options = BoundProblem.Options()
                options.bucketsPerTier = buckets
                var times: [Double] = []
                var last: BoundSolution? = nil
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    last = try BoundProblem(workload: workload, profiles: Array(profiles.prefix(types)), objective: .sizing(byCost: true), options: options).solve()
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
                times.sort()
                table.rows.append(["\(tiers)", "\(types)", "\(buckets)", "\(last!.variables)", "\(last!.constraints)", last!.status.rawValue, fmt(times[times.count / 2], 1)])
            }
            print(table.render())
        }

        /// Tiers with TPOT from 20 to 160 ms, ShareGPT-like lengths, 400 req/s in total.
        static func workload(tiers: Int) -> Workload {
            let lengths = LengthModel.independent(prompt: .lognormal(median: 1100, sigma: 1.0, min: 1, max: 8192),
                                                  output: .lognormal(median: 320, sigma: 0.8, min: 1, max: 1024))
            let tierList = (0..<tiers).map { i in
                Tier(name: "tier\(i)", tpotMs: 20 + Double(i) * 140 / Double(max(tiers - 1, 1)), ttftChoicesMs: [300, 500, 1000],
                     ttftProbabilities: [1.0 / 3, 1.0 / 3, 1.0 / 3], share: 1 / Double(tiers), lengths: lengths)
            }
            return Workload(name: "bench", description: "", tiers: tierList, arrivals: .poisson(rate: 400), mixChange: nil,
                            runLength: .requests(1), warmupSeconds: 0, attainmentTarget: 0.9, seed: 1, profilePaths: [],
                            prices: [:], sourcePath: "bench", sourceChecksum: "")
        }
    }
}
