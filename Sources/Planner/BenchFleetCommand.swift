import ArgumentParser
import PlannerKit
import Foundation

extension BenchCommand {
    struct Fleet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulator throughput as the fleet grows (each size in its own process).",
            discussion: """
            The load per instance stays fixed (the workload's rate is scaled to --rate-per-instance
            times the fleet size), so every size runs the same regime. "in-process" is the event loop
            alone; "process" is the whole `planner simulate` run (loading, percentiles, JSON).

            Example:
              .build/release/planner bench fleet --instances 5,20,80,320,1280
            """)

        @Option(help: "Workload to simulate.") var workload = "workloads/polyserve-paper.yaml"
        @Option(help: "Fleet sizes, comma-separated.") var instances = "5,20,80,320"
        @Option(help: "Requests per second per instance.") var ratePerInstance = 5.0
        @Option(help: "Requests per instance.") var requestsPerInstance = 15_000
        @Option(help: "Most requests in one run.") var maximumRequests = 3_000_000
        @Option(help: "Policy.") var policy: PolicyID = .polyserve

        func validate() throws {
            guard FleetScaling.sizes(parsing: instances) != nil else {
                throw ValidationError("--instances must be comma-separated whole numbers between 1 and \(InputLimits.maximumInstances), e.g. 5,20,80")
            }
            guard ratePerInstance > 0, ratePerInstance <= 1000 else { throw ValidationError("--rate-per-instance must be in (0, 1000]") }
            try require("--maximum-requests", maximumRequests, in: 1...InputLimits.maximumRequests)
            try require("--requests-per-instance", requestsPerInstance, in: 1...1_000_000)
        }

        func run() throws {
            let inputs = try PlanningInputs.load(workload: workload, profiles: [])
            print("fleet-scale simulator benchmark on \(BenchmarkMachine.description): \(policy), \(inputs.workload.name), \(fmtShort(ratePerInstance)) req/s per instance, one thread per run")
            let bench = FleetScaling(executable: URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path, workloadPath: workload,
                                     baseRateRps: inputs.workload.totalRate, policy: policy, sizes: FleetScaling.sizes(parsing: instances)!, ratePerInstance: ratePerInstance,
                                     requestsPerInstance: requestsPerInstance, maximumRequests: maximumRequests)
            print(FleetScaling.header.joined(separator: "  "))
            let table = try bench.run { print($0.joined(separator: "  ")) }
            print(table.render())
        }
    }
}
