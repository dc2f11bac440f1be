import Foundation

/// Fresh temporary folders and files for tests; each call gets its own folder,
/// so tests running in parallel never share one. All of a test process's
/// folders sit under one root that is removed when the process exits, so
/// repeated runs do not fill the disk.
public enum TemporaryFiles {
    /// This process's root, created (and its removal at exit registered) on first use.
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("planner-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TemporaryFiles.root) }
        return url
    }()

    public static func folder() -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` as `name` into `folder` (a fresh one by default) and returns its path.
    @discardableResult
    public static func write(_ text: String, name: String = "w.yaml", in folder: URL = folder()) -> String {
        let path = folder.appendingPathComponent(name).path
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
