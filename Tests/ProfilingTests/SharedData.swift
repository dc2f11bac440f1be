import Foundation

/// Locates `../shared/data` beside the project; tests that need it are skipped where it is absent.
enum SharedData {
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data").path

    static var available: Bool { FileManager.default.fileExists(atPath: root + "/README.md") }
    static func path(_ relative: String) -> String { root + "/" + relative }
}
