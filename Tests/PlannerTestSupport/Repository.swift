import Foundation

/// The project's checkout, found from this file's path so tests run from any directory.
public enum Repository {
    /// The folder that holds `Package.swift`.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of `relative` inside the checkout.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The absolute path of a bundled workload, `workloads/<name>.yaml`.
    public static func workload(_ name: String) -> String { path("workloads/\(name).yaml") }

    /// The absolute path of a file under `Tests/Fixtures`.
    public static func fixture(_ name: String) -> String { path("Tests/Fixtures/\(name)") }
}
