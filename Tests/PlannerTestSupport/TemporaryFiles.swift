import Foundation

/// Fresh temporary folders and files for tests; each call gets its own folder,
/// so tests running in parallel never share one.
public enum TemporaryFiles {
    public static func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("planner-tests-\(UUID().uuidString)")
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
