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

    /// The closed-form inverse with a quadratic chunk cost against bisection on
    /// the forward function, over random monotone tables, budgets, decode counts
    /// and coefficients (a fixed-seed linear congruential stream), including
    /// answers below the first grid point and beyond the last.
    @Test func quadraticInverseMatchesBisection() throws {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let batches: [Double] = [1, 8, 64, 256, 1024, 4096]
        for _ in 0..<500 {
            let kvs: [Double] = [0, 1000 + uniform() * 100_000]
            var values: [Double] = []
            for k in kvs.indices { for b in batches.indices { values.append(3 + Double(k) * uniform() * 5 + batches[b] * (0.001 + uniform() * 0.02)) } }
            let t = try IterationTable(tokenBatches: batches, kvTokens: kvs, values: values)
            let kv = uniform() * kvs[1], decodes = (uniform() * 300).rounded(), budget = 2 + uniform() * 200
            let a = uniform() < 0.2 ? 0 : uniform() * 1e-3, context = uniform() * 50_000
            let (q, l) = (a / 2, a * (context + 0.5))
            func total(_ b: Double) -> Double {
                let c = max(0, b - decodes)
                return t.iterationMs(tokenBatch: b, kvTokens: kv) + (q * c + l) * c
            }
            let fast = t.largestTokenBatch(withinMs: budget, kvTokens: kv, decodes: decodes, quadratic: q, linear: l)
            guard t.iterationMs(tokenBatch: decodes, kvTokens: kv) <= budget else {
                #expect(fast == t.largestTokenBatch(withinMs: budget, kvTokens: kv))
                continue
            }
            var lo = decodes, hi = decodes + 1
            while total(hi) <= budget { hi = decodes + (hi - decodes) * 2 }
            for _ in 0..<80 { let mid = (lo + hi) / 2; if total(mid) <= budget { lo = mid } else { hi = mid } }
            #expect(abs(fast - lo) <= 1e-6 * max(1, lo), "fast \(fast), bisection \(lo), budget \(budget), decodes \(decodes), a \(a)")
            #expect(total(fast) <= budget + 1e-6)
        }
    }

    /// Batches 1 and 101, KV 0 and 1,000, times 5, 6 / 7, 9 ms: the least
    /// rises are 0.01 ms a token (KV 0) and 0.002 ms a KV token (batch 1), so
    /// the plane is 4.99 + 0.01·b + 0.002·k, below every point, between them
    /// and past the grid (at 201, 2,000 the table extrapolates to 15 ms, the plane 11).
    @Test func theLinearMinorantLiesBelowTheTableEverywhere() throws {
        let t = try IterationTable(tokenBatches: [1, 101], kvTokens: [0, 1000], values: [5, 6, 7, 9])
        let m = t.linearMinorant
        #expect(abs(m.ms - 4.99) < 1e-12 && abs(m.msPerToken - 0.01) < 1e-12 && abs(m.msPerKVToken - 0.002) < 1e-12)
        #expect(abs(t.iterationMs(tokenBatch: 201, kvTokens: 2000) - 15) < 1e-9)
        for b in stride(from: 0.0, through: 400, by: 7) {
            for k in stride(from: 0.0, through: 4000, by: 130) {
                #expect(t.iterationMs(tokenBatch: b, kvTokens: k) >= m.ms + m.msPerToken * b + m.msPerKVToken * k - 1e-9)
            }
        }
    }
}

/// The binade index finds each point's segment on every axis shape:
/// the bundled grids, one dense within a binade, fractional points, wide gaps.
@Suite struct BinadeIndexTests {
    static let axes: [[Double]] = [
        [1, 2, 4, 8, 16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384],
        [0, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 845642],
        [1000] + (1001...1100).map(Double.init) + [5000],
        [0.25, 0.5, 0.75, 3],
        [0, 1e-3, 1, 1e6],
        [3, 5],
        // Subnormal points: their binades are below where the exponent's bits say.
        [0, .leastNormalMagnitude / 1024, .leastNormalMagnitude / 4, 1e-300, 1],
    ]

    /// The exponent read from the bits is the standard library's on every
    /// kind of positive finite double, and above every finite binade for
    /// infinity and a NaN.
    @Test func exponentFromTheBitsIsTheStandardLibrarys() {
        let xs: [Double] = [.leastNonzeroMagnitude, .leastNormalMagnitude / 1024, .leastNormalMagnitude, .leastNormalMagnitude.nextDown,
                            0.1, 1, 1.5, 2, 3, 1024, 845_642, .greatestFiniteMagnitude.nextDown, .greatestFiniteMagnitude]
        for x in xs + xs.map(\.nextUp) where x.isFinite { #expect(BinadeIndex.exponent(x) == x.exponent, "x = \(x)") }
        for x in [Double.infinity, .nan, -.nan] { #expect(BinadeIndex.exponent(x) > Double.greatestFiniteMagnitude.exponent) }
    }

    @Test(arguments: axes.indices) func segmentIsTheLastPointAtOrBelow(_ a: Int) {
        let axis = Self.axes[a], index = BinadeIndex(axis)
        // Every grid point and power of two on the axis's span, the doubles either side of each, midpoints, and beyond either end.
        var xs: [Double] = [-1, 0, .infinity, .nan, axis[0] / 2, axis[axis.count - 1] * 3]
        for p in axis + ([-1074, -1060, -1030, -1023, -1022, -1000] + Array(-12...22)).map({ Double(sign: .plus, exponent: $0, significand: 1) }) { xs += [p, p.nextUp, p.nextDown] }
        for i in axis.indices.dropLast() { xs += [(axis[i] + axis[i + 1]) / 2, axis[i] + (axis[i + 1] - axis[i]) / 7] }
        for x in xs {
            let (i, f) = IterationTable.segment(axis, index, x), (j, g) = Self.reference(axis, x)
            #expect(i == j && (f == g || (f.isNaN && g.isNaN)), "axis \(a), x = \(x): segment \(i) (\(f)), the reference's \(j) (\(g))")
        }
    }

    /// The segment by its definition: the last point at or below x (0 below the
    /// grid or for a NaN, the last segment above it), and the fraction along it.
    static func reference(_ axis: [Double], _ x: Double) -> (Int, Double) {
        if x <= axis[0] { return (0, 0) }
        let i = min(axis.lastIndex { $0 <= x } ?? 0, axis.count - 2)
        return (i, (x - axis[i]) / (axis[i + 1] - axis[i]))
    }
}
