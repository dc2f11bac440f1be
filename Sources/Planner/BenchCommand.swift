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
            try require("--repeats", repeats, in: 1...100)
            try require("--requests", requests, in: 1...InputLimits.maximumRequests)
            try require("--instances", instances, in: 1...InputLimits.maximumInstances)
        }

        func run() throws {
            var inputs = try PlanningInputs.load(workload: workload, profiles: [])
            inputs.workload.runLength = .requests(requests)
            print("simulator benchmark on \(BenchmarkMachine.description): \(policy), \(requests) requests, \(instances) instances, \(inputs.workload.name)")
            let bench = SimulatorThroughput(workload: inputs.workload, profile: inputs.profiles[0], policy: policy, instances: instances, repeats: repeats)
            print(SimulatorThroughput.consoleSummary(try bench.run()))
        }
    }

    struct Bound: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the bound's sizing problem as tiers, GPU types and length buckets grow.",
            discussion: "Example:\n  .build/release/planner bench bound --profiles-dir workloads/profiles")

        @Option(help: "Folder of profiles; the first four 8B profiles (alphabetically) are the GPU types.") var profilesDir = "workloads/profiles"
        @Option(help: "Repetitions per size (the median is reported).") var repeats = 3

        func validate() throws {
            try require("--repeats", repeats, in: 1...100)
        }

        func run() throws {
            let bench = try BoundScaling(profilesIn: profilesDir, repeats: repeats)
            guard bench.profiles.count == 4 else { throw ValidationError("need four Llama-3.1-8B TP1 profiles in \(profilesDir)") }
            print("bound benchmark on \(BenchmarkMachine.description); GPU types: \(bench.profiles.map(\.metadata.gpu).joined(separator: ", "))")
            print(try bench.run().render())
        }
    }
}
