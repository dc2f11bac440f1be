import Testing
@testable import Profiling

@Suite struct IterationTableTests {
    /// t = 10 + b/10 + k/1000 on a 3 × 2 grid: bilinear interpolation of an affine function is exact.
    static func affine() throws -> IterationTable {
        let b: [Double] = [1, 11, 101], k: [Double] = [0, 1000]
        var v: [Double] = []
        for kv in k { for batch in b { v.append(10 + batch / 10 + kv / 1000) } }
        return try IterationTable(tokenBatches: b, kvTokens: k, values: v)
    }

    @Test func interpolatesAffineExactly() throws {
        let t = try Self.affine()
        t._checkInvariants()
        #expect(abs(t.iterationMs(tokenBatch: 6, kvTokens: 500) - (10 + 0.6 + 0.5)) < 1e-12)
        #expect(abs(t.iterationMs(tokenBatch: 101, kvTokens: 1000) - 21.1) < 1e-12)
    }

    @Test func extrapolatesAboveAndHoldsBelow() throws {
        let t = try Self.affine()
        // Above the grid the last segment's slope continues: b = 201 adds 10 ms.
        #expect(abs(t.iterationMs(tokenBatch: 201, kvTokens: 0) - 30.1) < 1e-12)
        #expect(abs(t.iterationMs(tokenBatch: 1, kvTokens: 3000) - 13.1) < 1e-12)
        // Below the first grid point the first value holds.
        #expect(t.iterationMs(tokenBatch: 0, kvTokens: 0) == 10.1)
    }

    @Test func inverseInvertsForward() throws {
        let t = try Self.affine()
        // 10 + b/10 + 0.5 = 15 → b = 45, by hand.
        #expect(abs(t.largestTokenBatch(withinMs: 15, kvTokens: 500) - 45) < 1e-9)
        #expect(t.largestTokenBatch(withinMs: 5, kvTokens: 0) == 0)
        #expect(abs(t.largestTokenBatch(withinMs: 40.1, kvTokens: 0) - 301) < 1e-9)
        for budget in stride(from: 10.2, to: 60, by: 1.7) {
            for kv in [0.0, 250, 999, 1500] {
                let b = t.largestTokenBatch(withinMs: budget, kvTokens: kv)
                if b > 1 { #expect(abs(t.iterationMs(tokenBatch: b, kvTokens: kv) - budget) < 1e-9) }
            }
        }
    }

    @Test func envelopeLiftsNoiseSoQueriesAreMonotone() throws {
        let t = try IterationTable(tokenBatches: [1, 2, 4], kvTokens: [0, 10], values: [5, 4.9, 6, 5, 5, 7])
        t._checkInvariants()
        #expect(t.iterationMs(tokenBatch: 2, kvTokens: 0) == 5)
        #expect(t.values[1] == 4.9, "raw values are kept for round-trips")
        #expect(t.monotonicityViolations().isEmpty, "a 2 % dip is within noise")
        let bad = try IterationTable(tokenBatches: [1, 2], kvTokens: [0, 10], values: [5, 3, 6, 7])
        #expect(bad.monotonicityViolations().count == 1)
    }

    @Test func rejectsMalformedGrids() {
        #expect(throws: InputError.self) { try IterationTable(tokenBatches: [1], kvTokens: [0, 1], values: [1, 2]) }
        #expect(throws: InputError.self) { try IterationTable(tokenBatches: [1, 2], kvTokens: [0, 1], values: [1, 2, 3]) }
        #expect(throws: InputError.self) { try IterationTable(tokenBatches: [2, 1], kvTokens: [0, 1], values: [1, 2, 3, 4]) }
        #expect(throws: InputError.self) { try IterationTable(tokenBatches: [1, 2], kvTokens: [0, 1], values: [1, .nan, 3, 4]) }
        #expect(throws: InputError.self) { try IterationTable(tokenBatches: [1, 2], kvTokens: [0, 1], values: [1, -2, 3, 4]) }
    }
}
