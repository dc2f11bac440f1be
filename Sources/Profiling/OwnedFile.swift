import Foundation

/// The rule for single files the planner writes (`-o` profiles, `--write-lp`
/// models, band tables): a new path, or a file the planner wrote and nobody
/// changed since, recognised by its ``FileSeal``. Anything else (a workload,
/// a folder, a link, a pipe, a user's file, a planner file someone edited) is
/// refused, so a mistyped path never overwrites someone's data.
public enum OwnedFile {
    /// Largest existing file whose seal is checked; a larger one is refused unread.
    public static let maximumCheckedBytes = 1 << 30

    /// - Parameter seal: the seal the planner put on the file when it wrote it.
    public static func checkReplaceable(_ path: String, seal: FileSeal) throws(InputError) {
        guard !path.isEmpty else { throw InputError(source: "-o", "the output path is empty") }
        let fm = FileManager.default
        let attributes = try? fm.attributesOfItem(atPath: path)
        let type = attributes?[.type] as? FileAttributeType
        if type == .typeSymbolicLink {
            throw InputError(source: path, "is a symbolic link; the planner writes only new files or its own earlier ones")
        }
        // Reading a pipe would wait for a writer for ever.
        if let type, type != .typeRegular, type != .typeDirectory {
            throw InputError(source: path, "is a pipe, device or socket; the planner writes only new files or its own earlier ones")
        }
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue { throw InputError(source: path, "is a folder; give a file path") }
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumCheckedBytes,
              let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe), seal.holds(in: data) else {
            throw InputError(source: path, "exists and is not a file the planner wrote and nobody changed since (its last line is not a planner seal over its contents); it is left alone — choose a new path, or remove it first")
        }
    }
}
