import Foundation

/// The rule for single files the planner writes (`-o` profiles, `--write-lp`
/// models): a new path, or a file the planner wrote before, recognised by its
/// first line. Anything else (a workload, a folder, a link, a user's file) is
/// refused, so a mistyped path never overwrites someone's data.
public enum OwnedFile {
    /// - Parameter signature: text the first line of a file the planner wrote begins with.
    public static func checkReplaceable(_ path: String, signature: String) throws(InputError) {
        guard !path.isEmpty else { throw InputError(source: "-o", "the output path is empty") }
        let fm = FileManager.default
        let type = (try? fm.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        if type == .typeSymbolicLink {
            throw InputError(source: path, "is a symbolic link; the planner writes only new files or its own earlier ones")
        }
        // Reading a pipe's first line would wait for a writer for ever.
        if let type, type != .typeRegular, type != .typeDirectory {
            throw InputError(source: path, "is a pipe, device or socket; the planner writes only new files or its own earlier ones")
        }
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue { throw InputError(source: path, "is a folder; give a file path") }
        let head = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 256)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard head.hasPrefix(signature) else {
            throw InputError(source: path, "exists and was not written by the planner (its first line is not '\(signature)…'); it is left alone — choose a new path")
        }
    }
}
