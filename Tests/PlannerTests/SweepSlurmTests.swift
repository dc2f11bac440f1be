import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit

/// The sweep as a real Slurm job array on a private one-node cluster on this
/// machine (`Tests/Slurm/one-node-cluster.sh`): its merged result must equal
/// the local run's. Skipped, with the reason on standard error, where Slurm
/// cannot start (no slurm-wlm or munge, not root).
@Suite(.serialized) struct SweepSlurmTests {
    /// A started cluster's `SLURM_CONF` and state folder.
    struct Cluster: Sendable {
        var conf: String
        var folder: String

        static func start() -> Cluster? {
            guard BadInputCatalogueTests.tool != nil else { return nil }
            let folder = TemporaryFiles.folder().path
            let (status, output) = run("/bin/bash", [Repository.path("Tests/Slurm/one-node-cluster.sh"), "start", folder])
            guard status == 0 else {
                FileHandle.standardError.write(Data("SweepSlurmTests skipped: Slurm cannot start here: \(output)\n".utf8))
                return nil
            }
            return Cluster(conf: output.trimmingCharacters(in: .whitespacesAndNewlines), folder: folder)
        }

        func stop() { _ = SweepSlurmTests.run("/bin/bash", [Repository.path("Tests/Slurm/one-node-cluster.sh"), "stop", folder]) }
    }

    static let cluster = Cluster.start()

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        do { try process.run() } catch { return (-1, "\(error)") }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test(.enabled(if: cluster != nil, "needs a one-node Slurm cluster (root, slurm-wlm and munge; .ci/run installs them)"))
    func aSlurmArrayJobMergesToTheLocalRunsFigures() throws {
        let cluster = try #require(Self.cluster)
        defer { cluster.stop() }
        let spec = try SweepSpec.load(path: SweepFolderTests.spec(failing: false))

        let local = try SweepFolder.create(spec, at: SweepFolderTests.newFolder())
        #expect(local.runPending(jobs: 2).values.allSatisfy { $0 == .finished })
        let expected = try SweepMerge(local).csv()

        let remote = try SweepFolder.create(spec, at: SweepFolderTests.newFolder())
        let script = try remote.emit(.slurm, SweepJobSettings(planner: try #require(BadInputCatalogueTests.tool)))
        let (status, output) = Self.run("/usr/bin/timeout", ["300", "sbatch", "--wait", script], environment: ["SLURM_CONF": cluster.conf])
        #expect(status == 0, "sbatch --wait: \(output)")
        let logs = try FileManager.default.contentsOfDirectory(atPath: remote.path + "/logs")
        #expect(logs.count == remote.scenarios.count, "one log per array task: \(logs)")
        #expect((0..<remote.scenarios.count).allSatisfy { remote.status($0) == .finished })
        #expect(try SweepMerge(remote).csv() == expected, "the array job's plans are the local run's")
    }
}
