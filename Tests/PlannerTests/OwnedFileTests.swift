import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Single output files (profiles, band tables, LP models) are replaced only
/// while they carry an intact planner seal: a forged first line or seal, or an
/// edit since the planner wrote the file, leaves it alone.
@Suite struct OwnedFileTests {
    func replaceable(_ path: String, _ seal: FileSeal = .hashComment) -> Bool {
        (try? OwnedFile.checkReplaceable(path, seal: seal)) != nil
    }

    @Test func aSealHoldsOnlyOverTheBytesItWasMadeFrom() {
        let sealed = FileSeal.hashComment.sealed("a,b\n1,2")
        #expect(sealed.hasPrefix("a,b\n1,2\n# planner-seal: sha256 ") && sealed.hasSuffix("\n"))
        #expect(FileSeal.hashComment.holds(in: Data(sealed.utf8)))
        #expect(!FileSeal.hashComment.holds(in: Data(sealed.replacingOccurrences(of: "1,2", with: "1,3").utf8)))
        #expect(!FileSeal.lpComment.holds(in: Data(sealed.utf8)), "one syntax's seal is not another's")
        #expect(!FileSeal.hashComment.holds(in: Data("# planner-seal: sha256 00\n".utf8)), "a seal over nothing")
        #expect(!FileSeal.hashComment.holds(in: Data()))
        // The seal of the empty body is SHA-256 of "\n" (hand-checked with sha256sum).
        #expect(FileSeal.hashComment.sealed("") == "\n# planner-seal: sha256 01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b\n")
    }

    @Test func aProfileIsReplacedWhileUnchangedAndLeftAloneOnceEdited() throws {
        let profile = try TestProfiles.affine()
        let path = TemporaryFiles.folder().appendingPathComponent("p.csv").path
        #expect(replaceable(path), "a new path")
        try ProfileFormat.write(profile, to: path)
        #expect(try ProfileFormat.read(path: path).table.values == profile.table.values, "the seal is not data")
        #expect(replaceable(path))
        try ProfileFormat.write(profile, to: path)  // the planner's own file, again
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "# name: ", with: "# name: edited-")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!replaceable(path), "edited since the planner wrote it")
        #expect(throws: InputError.self) { try ProfileFormat.write(profile, to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "left whole")
    }

    @Test func aForgedFirstLineOrCopiedSealDoesNotMakeAFileThePlanners() throws {
        let folder = TemporaryFiles.folder()
        let forged = folder.appendingPathComponent("notes.csv").path
        try "# planner-profile: 1\nmy notes\n".write(toFile: forged, atomically: true, encoding: .utf8)
        #expect(!replaceable(forged))
        let sealLine = FileSeal.hashComment.sealed("other\n").split(separator: "\n").last!
        try "my notes\n\(sealLine)\n".write(toFile: forged, atomically: true, encoding: .utf8)
        #expect(!replaceable(forged), "a seal made over other bytes")
        let lp = folder.appendingPathComponent("model.lp").path
        try "\\* Problem: mine *\\\nMinimize\n obj: x\nEnd\n".write(toFile: lp, atomically: true, encoding: .utf8)
        #expect(!replaceable(lp, .lpComment), "GLPK's first line alone is not the planner's mark")
    }

    @Test func anLPModelIsSealedReadableAndReplaceable() throws {
        var m = LinearModel(name: "t", sense: .minimize)
        let x = m.addVariable("x", lower: 0, upper: 10, kind: .integer, objective: -1)
        m.addConstraint("c", [(x, 2)], upper: 7)
        let path = TemporaryFiles.folder().appendingPathComponent("m.lp").path
        try GLPKSolver.writeLP(m, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\\* planner-seal: sha256 "))
        #expect(replaceable(path, .lpComment))
        try GLPKSolver.writeLP(m, to: path)
        #expect(try GLPKSolver.solveLPFile(at: path).objective == -3, "GLPK reads the sealed file: x ≤ 3.5, integer")
        #expect(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent) == ["m.lp"], "no draft left")
    }

    @Test func aBandTableRoundTripsThroughItsSeal() throws {
        let path = TemporaryFiles.folder().appendingPathComponent("bands.csv").path
        let bands = LatencyBands(rows: [.init(engine: "vllm-0.15", grouping: "gpu", group: "H100", heldOutError: 0.1)], source: "test")
        try bands.write(to: path)
        #expect(try LatencyBands.read(path: path) == bands)
        try bands.write(to: path)
        try "# latency bands of my own\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try bands.write(to: path) }
    }
}
