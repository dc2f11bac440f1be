import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// The report writer never deletes or overwrites what the planner did not write.
@Suite struct ReportSafetyTests {
    let fm = FileManager.default

    func refusal(_ folder: String) -> ReportWriter.Refusal? {
        do { try ReportWriter.writeAtomically(["a.csv": "new\n"], to: folder); return nil } catch { return error as? ReportWriter.Refusal }
    }

    @Test func refusesAFileAndLeavesItWhole() throws {
        let file = TemporaryFiles.folder().appendingPathComponent("w.yaml").path
        try "name: precious\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(refusal(file) == .notAFolder(file))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "name: precious\n")
        #expect(throws: ReportWriter.Refusal.self) { try ReportWriter.checkTarget(file) }
    }

    /// A named pipe, as an input or as a single output file, is refused at
    /// once: reading it (for its first line, or its contents) would wait for a
    /// writer for ever. A test that hangs here has found the bug.
    @Test func pipesAreRefusedWithoutBeingRead() throws {
        let fifo = TemporaryFiles.folder().appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect { try InputError.checkReadableFile(fifo) } throws: { ($0 as? InputError)?.message.contains("not a regular file") == true }
        #expect { try OwnedFile.checkReplaceable(fifo, seal: .hashComment) } throws: { ($0 as? InputError)?.message.contains("pipe") == true }
        #expect { try WorkloadLoader.load(path: fifo) } throws: { ($0 as? InputError)?.message.contains("not a regular file") == true }
    }

    @Test func refusesAFolderOfOtherFilesAndTheCurrentDirectory() throws {
        let folder = TemporaryFiles.folder()
        try "keep\n".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(refusal(folder.path) == .notAReport(folder.path))
        #expect(try fm.contentsOfDirectory(atPath: folder.path) == ["notes.txt"], "nothing added, nothing removed")
        let cwd = fm.currentDirectoryPath
        #expect(refusal(".") == .notAReport(URL(fileURLWithPath: cwd).standardizedFileURL.path))
        #expect(refusal("") == .emptyPath)
        #expect(refusal("  ") == .emptyPath)
    }

    @Test func refusesALink() throws {
        let folder = TemporaryFiles.folder()
        let real = folder.appendingPathComponent("real"), link = folder.appendingPathComponent("link")
        try fm.createDirectory(at: real, withIntermediateDirectories: false)
        try fm.createSymbolicLink(at: link, withDestinationURL: real)
        #expect(refusal(link.path) == .link(link.path))
    }

    @Test func writesIntoNewAndEmptyFoldersAndReplacesItsOwnReport() throws {
        let parent = TemporaryFiles.folder()
        let fresh = parent.appendingPathComponent("a/b/report").path
        try ReportWriter.writeAtomically(["a.csv": "one\n"], to: fresh)
        #expect(fm.fileExists(atPath: fresh + "/" + ReportWriter.marker))
        try ReportWriter.writeAtomically(["a.csv": "two\n"], to: fresh)
        #expect(try String(contentsOfFile: fresh + "/a.csv", encoding: .utf8) == "two\n")
        #expect(try fm.contentsOfDirectory(atPath: parent.appendingPathComponent("a/b").path) == ["report"], "no staging or old copy left")
        let empty = parent.appendingPathComponent("empty")
        try fm.createDirectory(at: empty, withIntermediateDirectories: false)
        try ReportWriter.writeAtomically(["a.csv": "x\n"], to: empty.path)
        #expect(fm.fileExists(atPath: empty.path + "/a.csv"))
    }

    /// The id of a process that has exited.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    /// A run killed mid-write leaves a marked staging folder; the next run removes
    /// it, and leaves alone a look-alike folder without the marker and the
    /// staging folder of a run still writing (here, this process's).
    @Test func cleansUpLeftoversOfAnInterruptedWriteOnly() throws {
        let parent = TemporaryFiles.folder()
        let target = parent.appendingPathComponent("report")
        let leftover = try ReportWriter.makeStaging(for: target, pid: Self.deadProcessID())
        try "half\n".write(to: leftover.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        let running = try ReportWriter.makeStaging(for: target)
        let lookalike = parent.appendingPathComponent(ReportWriter.stagingPrefix(for: target) + "mine")
        try fm.createDirectory(at: lookalike, withIntermediateDirectories: false)
        try ReportWriter.checkTarget(target.path)
        #expect(!fm.fileExists(atPath: leftover.path))
        #expect(fm.fileExists(atPath: lookalike.path))
        #expect(fm.fileExists(atPath: running.path), "another run's work in progress survives")
    }

    /// A legal folder name of 250 bytes (the limit is 255) gets a report: its
    /// staging folder's name is kept within the limit too.
    @Test func aLongButLegalFolderNameIsWritten() throws {
        let name = String(repeating: "é", count: 125)  // 250 bytes of UTF-8
        let target = TemporaryFiles.folder().appendingPathComponent(name)
        try ReportWriter.writeAtomically(["a.csv": "one\n"], to: target.path)
        try ReportWriter.writeAtomically(["a.csv": "two\n"], to: target.path)
        #expect(try String(contentsOf: target.appendingPathComponent("a.csv"), encoding: .utf8) == "two\n")
        #expect(ReportWriter.stagingPrefix(for: target).utf8.count + 36 <= 255)
        #expect(try fm.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == [name], "no staging left")
    }

    /// A report folder is replaced only while it holds what the planner wrote:
    /// a file the user added, or a report file the user edited, is refused by
    /// name and survives; so are the files of a folder with a copied or forged marker.
    @Test func aReportTheUserChangedIsNotReplaced() throws {
        let report = TemporaryFiles.folder().appendingPathComponent("report")
        try ReportWriter.writeAtomically(["a.csv": "one\n"], to: report.path)
        let marker = try String(contentsOf: report.appendingPathComponent(ReportWriter.marker), encoding: .utf8)
        #expect(marker.hasPrefix(ReportMarker.header) && marker.contains("  a.csv"), "\(marker)")

        try "mine\n".write(to: report.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(refusal(report.path) == .foreignFiles(report.path, ["notes.txt"]))
        #expect(try String(contentsOf: report.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine\n")
        try fm.removeItem(at: report.appendingPathComponent("notes.txt"))

        try "edited\n".write(to: report.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        #expect(refusal(report.path) == .foreignFiles(report.path, ["a.csv"]))
        #expect(try String(contentsOf: report.appendingPathComponent("a.csv"), encoding: .utf8) == "edited\n")

        // The marker copied into a folder of the user's own files vouches for none of them.
        let mine = TemporaryFiles.folder()
        try "precious\n".write(to: mine.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try marker.write(to: mine.appendingPathComponent(ReportWriter.marker), atomically: true, encoding: .utf8)
        #expect(refusal(mine.path) == .foreignFiles(mine.path, ["a.csv"]))
        try "planner report\n".write(to: mine.appendingPathComponent(ReportWriter.marker), atomically: true, encoding: .utf8)
        #expect(refusal(mine.path) == .notAReport(mine.path))
        #expect(try String(contentsOf: mine.appendingPathComponent("a.csv"), encoding: .utf8) == "precious\n")
    }

    /// A report of an earlier planner (its marker lists no files) is replaced
    /// while it holds only the names that planner wrote, and refused otherwise.
    @Test func anEarlierPlannersReportIsReplacedOnlyWhole() throws {
        let old = TemporaryFiles.folder()
        try ReportMarker.legacyText.write(to: old.appendingPathComponent(ReportWriter.marker), atomically: true, encoding: .utf8)
        try "x\n".write(to: old.appendingPathComponent("mixed-tiers.csv"), atomically: true, encoding: .utf8)
        try "y\n".write(to: old.appendingPathComponent("budget.xlsx"), atomically: true, encoding: .utf8)
        #expect(refusal(old.path) == .foreignFiles(old.path, ["budget.xlsx"]))
        try fm.removeItem(at: old.appendingPathComponent("budget.xlsx"))
        #expect(refusal(old.path) == nil)
        #expect(try fm.contentsOfDirectory(atPath: old.path).sorted() == [ReportWriter.marker, "a.csv"])
    }

    @Test func workloadNamesBecomeSafeFolderNames() throws {
        var w = try TestWorkloads.load(TestWorkloads.twoTiers)
        for (name, folder) in [("..", "workload"), ("", "workload"), (".hidden", "hidden"), ("a/../../b", "a-..-..-b"),
                               ("My Chat Mix", "My-Chat-Mix"), ("chat-2026.q1", "chat-2026.q1")] {
            w.name = name
            #expect(w.folderName == folder)
            #expect(!w.folderName.contains("/") && w.folderName != "." && w.folderName != "..")
        }
    }
}
