import ArgumentParser
import PlannerKit
import Foundation
import Profiling

extension BenchCommand {
    /// The simulator as the fleet grows: each size runs as its own `planner simulate`
    /// process, so that its peak memory and whole-process time are its own.
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

        var sizes: [Int] { instances.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

        func validate() throws {
            let parts = instances.split(separator: ",")
            guard !parts.isEmpty, parts.count == sizes.count, sizes.allSatisfy({ (1...InputLimits.maximumInstances).contains($0) }) else {
                throw ValidationError("--instances must be comma-separated whole numbers between 1 and \(InputLimits.maximumInstances), e.g. 5,20,80")
            }
            guard ratePerInstance > 0, ratePerInstance <= 1000 else { throw ValidationError("--rate-per-instance must be in (0, 1000]") }
            guard (1...InputLimits.maximumRequests).contains(maximumRequests) else {
                throw ValidationError("--maximum-requests must be between 1 and \(InputLimits.maximumRequests)")
            }
            guard (1...1_000_000).contains(requestsPerInstance) else { throw ValidationError("--requests-per-instance must be between 1 and 1000000") }
        }

        func run() throws {
            let inputs = try PlanningInputs.load(workload: workload, profiles: [])
            let baseRate = inputs.workload.totalRate
            print("fleet-scale simulator benchmark on \(BenchCommand.machine()): \(policy), \(inputs.workload.name), \(fmtShort(ratePerInstance)) req/s per instance, one thread per run")
            var table = TextTable(header: ["instances", "requests", "in-process s", "requests/s", "events/s", "process s", "process/in-process", "peak MB"])
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            for n in sizes {
                let requests = min(requestsPerInstance * n, maximumRequests)
                let scale = ratePerInstance * Double(n) / baseRate
                let run = try ChildRun(executable: executable, arguments: [
                    "simulate", workload, "--policy", policy.rawValue, "--instances", "\(n)",
                    "--rate-scale", "\(scale)", "--requests", "\(requests)", "--format", "json",
                ])
                let sim = try run.simulation()
                table.rows.append([
                    "\(n)", "\(sim.arrived)", fmt(sim.wall, 2), fmt(Double(sim.arrived) / sim.wall, 0),
                    fmt(Double(sim.events) / sim.wall / 1e6, 2) + " M", fmt(run.wallSeconds, 2),
                    fmt(run.wallSeconds / sim.wall, 2), "\(run.peakMB)",
                ])
                print(table.rows.last!.joined(separator: "  "))
            }
            print(table.render())
        }
    }
}

/// One child process, its standard output kept, its wall time and peak memory measured with wait4.
struct ChildRun {
    var output: Data
    var wallSeconds: Double
    var peakMB: Int

    init(executable: String, arguments: [String]) throws {
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("planner-bench-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: outURL) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw RuntimeFailure("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw RuntimeFailure("waiting for \(executable) failed: \(String(cString: strerror(errno)))") }
        }
        wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        peakMB = usage.ru_maxrss / 1024
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw RuntimeFailure("\(([executable] + arguments).joined(separator: " ")) failed (wait status \(status))")
        }
        output = try Data(contentsOf: outURL)
    }

    /// The fields of `planner simulate --format json` the benchmark reads.
    func simulation() throws -> (arrived: Int, events: Int, wall: Double) {
        struct Fields: Decodable { var arrived: Int; var events: Int; var wallSeconds: Double }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let f = try decoder.decode(Fields.self, from: output)
        return (f.arrived, f.events, f.wallSeconds)
    }
}
