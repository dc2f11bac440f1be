import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit

/// The sweep as a real Slurm job array on a private one-node cluster on this
/// machine (`Tests/Slurm/one-node-cluster.sh`): its merged result must equal
/// the local run's. Every daemon the test starts, munged included, is
/// stopped before it ends.
@Suite(.serialized) struct SweepSlurmTests {
    /// A started cluster's `SLURM_CONF` and state folder.
    struct Cluster: Sendable {
        var conf: String
        var folder: String

        /// Starts the cluster, or says why it cannot start here.
        static func start() -> Result<Cluster, StartFailure> {
            // Short: slurmd's spool holds Unix sockets, whose paths stop at 108 bytes.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planner-slurm-\(UUID().uuidString.prefix(8))").path
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let (status, output) = run(seconds: 90, "/bin/bash", [Repository.path("Tests/Slurm/one-node-cluster.sh"), "start", folder])
            guard status == 0 else {
                try? FileManager.default.removeItem(atPath: folder)
                return .failure(StartFailure(reason: output))
            }
            return .success(Cluster(conf: output.trimmingCharacters(in: .whitespacesAndNewlines), folder: folder))
        }

        func stop() {
            SweepSlurmTests.run(seconds: 30, "/bin/bash", [Repository.path("Tests/Slurm/one-node-cluster.sh"), "stop", folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    struct StartFailure: Error { var reason: String }

    /// Runs `tool` under `timeout` with its output in a file, not a pipe, so
    /// neither a hung command nor a daemon that kept the output open can
    /// hold the test run.
    @discardableResult
    static func run(seconds: Int, _ tool: String, _ arguments: [String], environment: [String: String] = [:]) -> (Int32, String) {
        let log = TemporaryFiles.folder().appendingPathComponent("output.txt")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        guard let handle = try? FileHandle(forWritingTo: log) else { return (-1, "cannot write \(log.path)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", "\(seconds)", tool] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        do { try process.run() } catch { return (-1, "\(error)") }
        process.waitUntilExit()
        try? handle.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }

    /// Skipped (cancelled, with the reason) where Slurm cannot start: not
    /// root, no slurm-wlm or munge, or daemons that do not come up in 30 s.
    @Test(.enabled(if: BadInputCatalogueTests.tool != nil, "needs the planner executable built by `swift build` (swift test builds it)"))
    func aSlurmArrayJobMergesToTheLocalRunsFigures() throws {
        let cluster: Cluster
        switch Cluster.start() {
        case .success(let started): cluster = started
        case .failure(let failure): try Test.cancel("Slurm cannot start here: \(failure.reason)")
        }
        defer { cluster.stop() }
        let spec = try SweepSpec.load(path: SweepFolderTests.spec(failing: false))

        let local = try SweepFolder.create(spec, at: SweepFolderTests.newFolder())
        #expect(local.runPending(jobs: 2).values.allSatisfy { $0 == .finished })
        let expected = try SweepMerge(local).csv()

        let remote = try SweepFolder.create(spec, at: SweepFolderTests.newFolder())
        let script = try remote.emit(.slurm, SweepJobSettings(planner: try #require(BadInputCatalogueTests.tool)))
        let (status, output) = Self.run(seconds: 300, "sbatch", ["--wait", script], environment: ["SLURM_CONF": cluster.conf])
        #expect(status == 0, "sbatch --wait: \(output)")
        let logs = try FileManager.default.contentsOfDirectory(atPath: remote.path + "/logs")
        #expect(logs.count == remote.scenarios.count, "one log per array task: \(logs)")
        #expect((0..<remote.scenarios.count).allSatisfy { remote.status($0) == .finished })
        #expect(try SweepMerge(remote).csv() == expected, "the array job's plans are the local run's")
    }
}
