import Foundation

/// The `.planner-report` file in every report folder: which process wrote it
/// and the SHA-256 of each file it wrote. A re-run replaces the folder only
/// when every file in it is one of those, unchanged, so a file a user adds or
/// edits is never deleted, and a marker copied into another folder does not
/// make its files the planner's.
///
/// ```
/// planner-report 2
/// pid 4242
/// 9f86d0…  summary.csv
/// ```
struct ReportMarker: Equatable {
    static let fileName = ".planner-report"
    static let header = "planner-report 2"
    /// The marker of reports written before the marker listed its files.
    static let legacyText = "planner report: safe to delete together with this folder\n"
    /// Every name an earlier planner wrote into a report folder: a legacy
    /// report is replaced only when it holds nothing else.
    static let legacyFiles: Set<String> = [
        "summary.csv", "policies.csv", "plan.json", "report.html", "mixed-tiers.csv", "mixed-types.csv", "mixed-plan.json",
        "schedule.csv", "schedule.json", "serving.csv", "serving.json", "colocated-summary.csv", "disaggregated-summary.csv",
        "types.csv", "windows.csv", "leaderboard.csv", "leaderboard.json",
    ]

    /// The process that wrote the folder: a staging folder whose writer still
    /// runs is another run's work in progress, never a leftover.
    var pid: Int32
    /// File name → SHA-256 (hex) of what was written.
    var files: [String: String]

    var text: String {
        ([Self.header, "pid \(pid)"] + files.keys.sorted().map { "\(files[$0]!)  \($0)" }).joined(separator: "\n") + "\n"
    }

    init(pid: Int32 = getpid(), files: [String: String] = [:]) {
        self.pid = pid
        self.files = files
    }

    /// Reads a marker's text; `nil` for anything else (a legacy marker among them).
    init?(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard lines.next() == Self.header[...], let pidLine = lines.next(), pidLine.hasPrefix("pid "), let pid = Int32(pidLine.dropFirst(4)) else { return nil }
        var files: [String: String] = [:]
        while let line = lines.next() {
            guard let gap = line.range(of: "  ") else { return nil }
            files[String(line[gap.upperBound...])] = String(line[..<gap.lowerBound])
        }
        self.init(pid: pid, files: files)
    }

    /// Whether the process that wrote this marker is still running.
    var writerIsRunning: Bool { kill(pid, 0) == 0 || errno == EPERM }

    /// The entries of `folder` that this marker does not vouch for: absent
    /// from it, changed since, or not regular files.
    func foreignEntries(of folder: URL, contents: [String]) -> [String] {
        contents.filter { name in
            guard name != Self.fileName else { return false }
            let url = folder.appendingPathComponent(name)
            guard let recorded = files[name], ReportMarker.isRegularFile(url),
                  let data = FileManager.default.contents(atPath: url.path) else { return true }
            return sha256Hex(data) != recorded
        }.sorted()
    }

    /// The marker at `url` as text, when it is a regular file of a marker's size (a megabyte lists thousands of files).
    static func read(_ url: URL) -> String? {
        guard isRegularFile(url), let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue,
              size <= 1 << 20 else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    static func isRegularFile(_ url: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeRegular
    }
}
