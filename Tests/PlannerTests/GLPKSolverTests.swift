import Foundation
import Testing
@testable import PlannerKit

@Suite struct GLPKSolverTests {
    /// max 5x + 4y s.t. 6x + 4y ≤ 24, x + 2y ≤ 6, x, y ≥ 0 integer.
    /// LP optimum by hand: x = 3, y = 1.5, value 21. Integer points: (4,0) → 20,
    /// (3,1) → 19, (2,2) → 18; so the MIP optimum is 20 at (4, 0).
    static func classic() -> LinearModel {
        var m = LinearModel(name: "classic", sense: .maximize)
        let x = m.addVariable("x", kind: .integer, objective: 5)
        let y = m.addVariable("y", kind: .integer, objective: 4)
        m.addConstraint("c1", [(x, 6), (y, 4)], upper: 24)
        m.addConstraint("c2", [(x, 1), (y, 2)], upper: 6)
        return m
    }

    @Test func solvesHandCheckedProgram() throws {
        let s = try GLPKSolver.solve(Self.classic())
        #expect(s.status == .optimal)
        #expect(abs(try #require(s.objective) - 20) < 1e-9)
        #expect(abs(try #require(s.relaxation) - 21) < 1e-9)
        #expect(abs(s.values[0] - 4) < 1e-9 && abs(s.values[1]) < 1e-9)
        #expect(abs(try #require(s.integralityGap) - 0.05) < 1e-9)
    }

    @Test func minimisesWithCoveringRow() throws {
        // min x + y s.t. 2x + 2y ≥ 3: LP 1.5, integer 2.
        var m = LinearModel(name: "cover", sense: .minimize)
        let x = m.addVariable("x", kind: .integer, objective: 1)
        let y = m.addVariable("y", kind: .integer, objective: 1)
        m.addConstraint("cover", [(x, 2), (y, 2)], lower: 3)
        let s = try GLPKSolver.solve(m)
        #expect(s.objective == 2 && s.relaxation == 1.5)
    }

    @Test func reportsInfeasible() throws {
        var m = LinearModel(name: "empty", sense: .minimize)
        let x = m.addVariable("x", upper: 1, kind: .integer, objective: 1)
        m.addConstraint("atLeastTwo", [(x, 1)], lower: 2)
        let s = try GLPKSolver.solve(m)
        #expect(s.status == .infeasible && !s.hasSolution)
    }

    @Test func rejectsInvalidModelInsteadOfAborting() {
        var m = LinearModel(name: "bad", sense: .minimize)
        m.addVariable("x", lower: 2, upper: 1)
        #expect(throws: SolverError.self) { try GLPKSolver.solve(m) }
    }

    @Test func lpFileReadsBackToSameOptimum() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("classic-\(UUID().uuidString).lp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GLPKSolver.writeLP(Self.classic(), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Maximize") && text.contains("General"))
        let s = try GLPKSolver.solveLPFile(at: path)
        let objective = try #require(s.objective)
        #expect(s.status == .optimal && abs(objective - 20) < 1e-9)
        #expect(throws: SolverError.self) { try GLPKSolver.solveLPFile(at: path + ".missing") }
    }
}
