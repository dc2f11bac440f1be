import Foundation

/// Writes the four report files into a folder atomically: everything goes to
/// a temporary folder beside it first, which then replaces the old one, so a
/// failed run leaves the previous report as it was.
public enum ReportWriter {
    public static func write(_ plan: Plan, to folder: String) throws {
        let files = [
            "summary.csv": try plan.summaryCSV(),
            "policies.csv": try plan.policiesCSV(),
            "plan.json": try JSONOutput.string(plan) + "\n",
            "report.html": plan.html(),
        ]
        try writeAtomically(files, to: folder)
    }

    static func writeAtomically(_ files: [String: String], to folder: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(UUID().uuidString)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            for (name, text) in files { try text.write(to: staging.appendingPathComponent(name), atomically: false, encoding: .utf8) }
            if fm.fileExists(atPath: target.path) {
                // Two renames on one file system: the old report stays whole until the new one is complete.
                let backup = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString)")
                try fm.moveItem(at: target, to: backup)
                do { try fm.moveItem(at: staging, to: target) } catch {
                    try? fm.moveItem(at: backup, to: target)
                    throw error
                }
                try? fm.removeItem(at: backup)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
