import Foundation

/// The measured data in `../shared/data` beside the project. Tests that need it
/// are skipped, with a message, where it is absent; nothing of it is copied here.
public enum SharedData {
    public static let root: String = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/data").path

    public static var available: Bool { FileManager.default.fileExists(atPath: root + "/README.md") }

    public static func path(_ relative: String) -> String { root + "/" + relative }
}
