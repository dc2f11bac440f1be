import Foundation
import Profiling

/// Linear outer approximation of what one server in one bin can carry.
///
/// A server in the bin of TPOT `s` keeps every iteration within `s` ms, so its token
/// batch `b` and resident KV `k` satisfy `b ≤ bmax(k)`, where
/// `bmax(k) = largestTokenBatch(withinMs: s, kvTokens: k)` never grows with `k`.
/// Sampling `k` at `samples + 1` points and holding each `bmax(k_j)` until
/// `k_{j+1}` gives a staircase that lies above `bmax` everywhere (because
/// `bmax` can only fall). The upper concave hull of the staircase's corners is
/// a convex set containing the true region; its edges are the facets
/// `b ≤ α + β·k` (β ≤ 0). Together with `k ≤ capacity` they hold for one
/// server, and summed over `n` servers (a convex set scales) they hold with
/// right-hand sides `α·n` and `capacity·n`: linear in rates and server counts.
/// For a table flat in `k`, the approximation is exact.
public struct ServerRegion: Sendable, Equatable {
    public struct Facet: Sendable, Equatable {
        /// Token batch at no KV, tokens per iteration.
        public var intercept: Double
        /// Change of the token batch per resident KV token (≤ 0).
        public var slope: Double
    }

    public var binTpotMs: Double
    public var facets: [Facet]
    public var kvCapacity: Double
    /// Largest token batch on an idle server: the prefill chunk budget.
    public var idleChunk: Double
    /// Tokens of batch that one decode token's per-request engine overhead is
    /// worth, at least: the overhead over the steepest per-token rise of the
    /// table. An iteration of `b` tokens of which `d` decode, within the bin's TPOT `s`,
    /// has `t(b) + overhead · d ≤ s`, so `t(b + d · this) ≤ s` and
    /// `b + d · this` stays in the region without the overhead: counting each
    /// decode token this much more keeps the region an outer approximation.
    public var sequenceTokens: Double
    /// What one prompt token counts in the batch, relative to a decode token:
    /// 1, or with speculative decoding `E/(k + 1)`, since a token step runs
    /// `(k + 1)/E` verify tokens per output token but only one per prompt token.
    public var prefillWeight: Double

    /// Planes below the iteration time, `ms + msPerToken·b + msPerKVToken·k`
    /// (each `ms > 0`): the KV rows of the bound.
    ///
    /// A request is resident for its output times the iteration time `t`,
    /// which may be shorter than the bin's TPOT `s`; counting residency at
    /// `s` would cut off servers that run faster and hold less KV. With the
    /// loads `B` (tokens per second) and `K` (KV token-seconds per second) a
    /// server runs iterations of `B·t` tokens over `K·t` KV, so `t ≥ ms +
    /// msPerToken·B·t + msPerKVToken·K·t`, and `K·t ≤ capacity`; together,
    /// `ms·K + capacity·(msPerToken·B + msPerKVToken·K) ≤ capacity`, linear
    /// in the rates and valid at every `t ≤ s`.
    public var kvFloors: [IterationFloor]

    public struct IterationFloor: Sendable, Equatable {
        public var ms: Double
        public var msPerToken: Double
        public var msPerKVToken: Double

        /// One unit rate's term in the KV row `Σ x·coefficient ≤ capacity·s·n`,
        /// from its tokens per iteration and KV held, both counted at the TPOT `s`. O(1).
        func kvRowCoefficient(tokens: Double, kv: Double, capacity: Double) -> Double {
            ms * kv + capacity * (msPerToken * tokens + msPerKVToken * kv)
        }
    }

    /// `nil` when even one token misses the bin's TPOT (it is below the profile's floor).
    ///
    /// The engine's per-running-request overhead is not in the facets: a
    /// batch's tokens need not be one request each (a prefill chunk is many
    /// tokens of one), so charging it per token could cut the region below
    /// what a server carries. It enters through ``sequenceTokens`` instead,
    /// on decode tokens only.
    public init?(profile measured: LatencyProfile, binTpotMs: Double, samples: Int = 64) {
        var profile = measured
        profile.metadata.sequenceOverheadMs = 0
        // Speculation: batches in decode tokens of a token step, drafts left out (lenient).
        profile.speculation?.draftCost = 0
        let verify = profile.speculation?.verifyTokens ?? 1
        prefillWeight = profile.speculation.map { $0.tokensPerStep / $0.verifyTokens } ?? 1
        let slope = measured.table.steepestTokenSlope * verify
        sequenceTokens = measured.metadata.sequenceOverheadMs > 0 && slope > 0 ? measured.metadata.sequenceOverheadMs / slope : 0
        let capacity = Double(profile.metadata.kvCapacityTokens)
        let idle = profile.largestTokenBatch(withinMs: binTpotMs, kvTokens: 0)
        guard idle >= 1 else { return nil }
        // The engine's time outside the table only adds; a speculative token step is a verify step over E tokens.
        let plane = profile.table.linearMinorant, perStep = profile.speculation?.tokensPerStep ?? 1
        let floor = (profile.table.iterationMs(tokenBatch: 0, kvTokens: 0) + profile.metadata.iterationOverheadMs) / perStep
        kvFloors = [IterationFloor(ms: floor, msPerToken: 0, msPerKVToken: 0)]
        if profile.speculation == nil, plane.ms + profile.metadata.iterationOverheadMs > 0, plane.msPerToken + plane.msPerKVToken > 0 {
            kvFloors.append(IterationFloor(ms: plane.ms + profile.metadata.iterationOverheadMs, msPerToken: plane.msPerToken, msPerKVToken: plane.msPerKVToken))
        }
        // Loads are counted at the bin's TPOT `s`, so a server running iterations of `u·s` (u < 1) shows KV
        // `k = capacity / u` at most: the facets reach as far as an iteration over a full cache allows.
        let fullCacheMs = (profile.table.iterationMs(tokenBatch: 0, kvTokens: capacity) + profile.metadata.iterationOverheadMs) / perStep
        let reach = capacity * max(1, binTpotMs / fullCacheMs)
        // A flat table would give an infinite batch; a million tokens per iteration is beyond any GPU.
        let cap = 1e6
        var corners: [(k: Double, b: Double)] = []
        var previous = min(idle, cap)
        corners.append((0, previous))
        for j in 1...samples {
            let k = capacity * Double(j) / Double(samples)
            corners.append((k, previous))
            let b = min(profile.largestTokenBatch(withinMs: binTpotMs, kvTokens: k), cap)
            previous = b
        }
        corners.append((capacity, previous))
        if reach > capacity {
            // Past the capacity a server holds a full cache and runs iterations of u·s = s·capacity/k: its
            // batch within u·s, over u, is its tokens per iteration counted at s. Non-increasing in k.
            let extra = max(1, samples / 4)
            for j in 1...extra {
                let k = capacity * pow(reach / capacity, Double(j) / Double(extra))
                corners.append((k, previous))
                let u = capacity / k
                previous = min(previous, max(0, profile.largestTokenBatch(withinMs: binTpotMs * u, kvTokens: capacity)) / u)
            }
        }
        self.binTpotMs = binTpotMs
        self.kvCapacity = capacity
        self.idleChunk = idle
        self.facets = Self.upperHullFacets(corners)
    }

    /// Edges of the upper concave hull of points sorted by k (Andrew's monotone chain). O(n).
    static func upperHullFacets(_ points: [(k: Double, b: Double)]) -> [Facet] {
        var hull: [(k: Double, b: Double)] = []
        for p in points {
            while hull.count >= 2 {
                let a = hull[hull.count - 2], b = hull[hull.count - 1]
                // Drop b when it lies on or below the segment a→p.
                let cross = (b.k - a.k) * (p.b - a.b) - (b.b - a.b) * (p.k - a.k)
                if cross >= 0 { hull.removeLast() } else { break }
            }
            if let last = hull.last, last.k == p.k { if p.b > last.b { hull[hull.count - 1] = p }; continue }
            hull.append(p)
        }
        if hull.count == 1 { return [Facet(intercept: hull[0].b, slope: 0)] }
        return zip(hull, hull.dropFirst()).map { a, b in
            let slope = (b.b - a.b) / (b.k - a.k)
            return Facet(intercept: a.b - slope * a.k, slope: slope)
        }
    }
}
