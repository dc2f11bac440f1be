import Foundation

/// One child process run to its end, its standard output kept and its wall
/// time and peak memory measured with wait4 (the child's own, not ours).
public struct ChildProcess: Sendable {
    public var output: Data
    public var wallSeconds: Double
    public var peakMB: Int

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(executable: String, arguments: [String]) throws {
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
        guard spawned == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Failure(description: "waiting for \(executable) failed: \(String(cString: strerror(errno)))") }
        }
        wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        peakMB = usage.ru_maxrss / 1024
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "\(([executable] + arguments).joined(separator: " ")) failed (wait status \(status))")
        }
        output = try Data(contentsOf: outURL)
    }

    /// The fields of `planner simulate --format json` a benchmark reads.
    public func simulation() throws -> (arrived: Int, events: Int, wall: Double) {
        struct Fields: Decodable { var arrived: Int; var events: Int; var wallSeconds: Double }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let f = try decoder.decode(Fields.self, from: output)
        return (f.arrived, f.events, f.wallSeconds)
    }
}
