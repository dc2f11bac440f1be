import Foundation
import Profiling

/// Writes a report folder without ever destroying what the planner did not write.
///
/// A report folder holds a marker file, `.planner-report` (``ReportMarker``),
/// listing the files the planner wrote with their checksums. The target must
/// be absent, an empty folder, or a previous report holding only those files,
/// unchanged (it is replaced); anything else (a file, a link, a folder of
/// other files, a report a user added to or edited, the current directory) is
/// refused. The files go to a staging folder
/// beside the target, which then takes the target's place in one atomic
/// exchange (Linux `renameat2(RENAME_EXCHANGE)`, where the kernel has it), so
/// at no moment is there no report; the old one is then deleted. Staging
/// folders left by an interrupted run carry the marker and are removed by the
/// next run, unless the run that made them is still running (two runs on one
/// `--out` never delete each other's work; the later exchange wins).
public enum ReportWriter {
    static let marker = ReportMarker.fileName
    static let stagingInfix = ".planner-staging-"

    /// Why a report cannot be written where asked.
    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case emptyPath
        case notAFolder(String)
        case link(String)
        case notAReport(String)
        case foreignFiles(String, [String])
        case cannotWrite(String, reason: String)

        public var description: String {
            switch self {
            case .emptyPath: "the output folder is empty; give a folder with --out"
            case .notAFolder(let p): "\(p) exists and is not a folder; the planner writes only new folders or its own earlier reports — choose another --out"
            case .link(let p): "\(p) is a symbolic link; give the folder it points to, or another --out"
            case .notAReport(let p): "\(p) is a folder with files the planner did not write (no \(ReportWriter.marker) marker); it is left alone — choose an empty or new folder with --out"
            case let .foreignFiles(p, names):
                "\(p) is an earlier report, but holds files the planner did not write or that changed since it wrote them (\(names.prefix(5).map { InputError.printable($0) }.joined(separator: ", "))\(names.count > 5 ? " and \(names.count - 5) more" : "")); they are left alone — move them out, or choose another --out"
            case let .cannotWrite(p, reason): "cannot write the report to \(p): \(reason)"
            }
        }
    }

    /// Checks that `folder` may receive a report, and that its parent is
    /// writable, before any expensive work; removes leftovers of an interrupted write.
    public static func checkTarget(_ folder: String) throws(Refusal) {
        let target = try resolve(folder)
        try checkExisting(target)
        let parent = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            let probe = try makeStaging(for: target)
            try FileManager.default.removeItem(at: probe)
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw .cannotWrite(folder, reason: reason(error))
        }
        removeLeftovers(of: target)
    }

    /// Writes the output contract's three files (docs/outputs.md) and the kind's own, atomically.
    static func write<Body: Encodable>(summary: PlanSummary, plan: Body, html: String, extras: [String: String], to folder: String) throws {
        var files = extras
        files[PlanFolder.summaryFile] = try summary.csv()
        files[PlanFolder.planFile] = try JSONOutput.string(plan) + "\n"
        files[PlanFolder.reportFile] = html
        try writeAtomically(files, to: folder)
    }

    /// `additional` files (a sweep's `scenario.json`) are written in the same atomic step.
    public static func write(_ plan: Plan, to folder: String, adding additional: [String: String] = [:]) throws {
        try write(summary: plan.summary(), plan: plan, html: plan.html(), extras: additional.merging(["policies.csv": try plan.policiesCSV()]) { $1 }, to: folder)
    }

    static func writeAtomically(_ files: [String: String], to folder: String) throws {
        let fm = FileManager.default
        let target = try resolve(folder)
        try checkExisting(target)
        let staging: URL
        do {
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            staging = try makeStaging(for: target)
        } catch let refusal as Refusal { throw refusal } catch { throw Refusal.cannotWrite(folder, reason: reason(error)) }
        do {
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                try text.write(to: staging.appendingPathComponent(name), atomically: false, encoding: .utf8)
            }
            let written = ReportMarker(files: files.mapValues { sha256Hex(Data($0.utf8)) })
            try written.text.write(to: staging.appendingPathComponent(marker), atomically: false, encoding: .utf8)
            if fm.fileExists(atPath: target.path) {
                try exchange(staging, target)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        // After an exchange the staging path holds the previous report.
        try? fm.removeItem(at: staging)
        removeLeftovers(of: target)
    }

    // MARK: Paths

    static func resolve(_ folder: String) throws(Refusal) -> URL {
        guard !folder.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyPath }
        return URL(fileURLWithPath: folder).standardizedFileURL
    }

    /// Absent, an empty folder, or a previous report.
    static func checkExisting(_ target: URL) throws(Refusal) {
        let fm = FileManager.default
        if let type = try? fm.attributesOfItem(atPath: target.path)[.type] as? FileAttributeType, type == .typeSymbolicLink {
            throw .link(target.path)
        }
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: target.path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else { throw .notAFolder(target.path) }
        let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]
        guard !contents.isEmpty else { return }
        guard contents.contains(marker) else { throw .notAReport(target.path) }
        let markerURL = target.appendingPathComponent(marker)
        let text = ReportMarker.read(markerURL)
        let foreign: [String]
        if let written = text.flatMap(ReportMarker.init(text:)) {
            foreign = written.foreignEntries(of: target, contents: contents)
        } else if text == ReportMarker.legacyText {
            // An earlier planner's report lists no files: it may hold only the names that planner wrote.
            foreign = contents.filter { $0 != marker && !(ReportMarker.legacyFiles.contains($0) && ReportMarker.isRegularFile(target.appendingPathComponent($0))) }.sorted()
        } else {
            throw .notAReport(target.path)
        }
        guard foreign.isEmpty else { throw .foreignFiles(target.path, foreign) }
    }

    /// What every staging folder of `target` begins with: the name's first 100 bytes and a hash of
    /// the whole name, so that with a UUID after it the name stays within a file system's 255 bytes
    /// however long a (legal) `--out` name is.
    static func stagingPrefix(for target: URL) -> String {
        let name = target.lastPathComponent
        var head = ""
        for character in name where head.utf8.count + String(character).utf8.count <= 100 { head.append(character) }
        return ".\(head).\(sha256Hex(Data(name.utf8)).prefix(12))\(stagingInfix)"
    }

    /// A staging folder beside `target`, marked as `pid`'s work in progress.
    static func makeStaging(for target: URL, pid: Int32 = getpid()) throws -> URL {
        let staging = target.deletingLastPathComponent().appendingPathComponent(stagingPrefix(for: target) + UUID().uuidString)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        try ReportMarker(pid: pid).text.write(to: staging.appendingPathComponent(marker), atomically: false, encoding: .utf8)
        return staging
    }

    /// Staging folders of `target` that carry the marker of a run no longer running: ours, from an interrupted run.
    static func removeLeftovers(of target: URL) {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let prefix = stagingPrefix(for: target)
        for name in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            let leftover = parent.appendingPathComponent(name)
            let text = ReportMarker.read(leftover.appendingPathComponent(marker))
            let finished = text.flatMap(ReportMarker.init(text:)).map { !$0.writerIsRunning } ?? (text == ReportMarker.legacyText)
            if finished { try? fm.removeItem(at: leftover) }
        }
    }

    /// Swaps two paths in one step where the kernel can; otherwise two renames.
    static func exchange(_ a: URL, _ b: URL) throws {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        #if os(Linux)
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") {
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            let exchangeFlag: UInt32 = 2  // RENAME_EXCHANGE
            if renameat2(AT_FDCWD, a.path, AT_FDCWD, b.path, exchangeFlag) == 0 { return }
        }
        #endif
        // Fallback: the old report moves aside, the new one moves in, the old one comes back on failure.
        let fm = FileManager.default
        let aside = a.deletingLastPathComponent().appendingPathComponent(a.lastPathComponent + "-old")
        try fm.moveItem(at: b, to: aside)
        do { try fm.moveItem(at: a, to: b) } catch {
            try? fm.moveItem(at: aside, to: b)
            throw error
        }
        try fm.moveItem(at: aside, to: a)
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteOutOfSpaceError: return "no space left on the device"
            case NSFileWriteVolumeReadOnlyError: return "read-only file system"
            default: break
            }
        }
        return ns.localizedDescription
    }
}
