/// Iteration time of one instance, `iteration_ms(token_batch, kv_tokens)`, on a full grid.
///
/// Between grid points the table interpolates bilinearly. Below the first grid
/// point of an axis it holds the first value (no faster than measured); above
/// the last it extends the last segment's slope, which is never negative
/// because queries use a monotone envelope of the grid (see ``envelope``).
/// The raw values are kept for exact round-trips through the file format.
public struct IterationTable: Sendable, Equatable {
    /// Token batch sizes, strictly increasing, at least two.
    public let tokenBatches: [Double]
    /// Resident KV tokens, strictly increasing, at least two.
    public let kvTokens: [Double]
    /// Milliseconds, row-major by KV: `values[k * tokenBatches.count + b]`.
    public let values: [Double]
    /// `values` made non-decreasing along both axes by a running maximum, so
    /// that interpolation is monotone and the inverse queries are well defined.
    public let envelope: [Double]
    /// Where each axis's segment search starts (``segment(_:_:_:)``).
    @usableFromInline let tokenBatchIndex: BinadeIndex
    @usableFromInline let kvIndex: BinadeIndex

    /// Creates a table after checking its shape and values.
    /// - Throws: ``InputError`` naming the offending grid point.
    public init(tokenBatches: [Double], kvTokens: [Double], values: [Double], source: String = "table") throws(InputError) {
        guard tokenBatches.count >= 2, kvTokens.count >= 2 else {
            throw InputError(source: source, "a table needs at least 2 token-batch and 2 KV grid points to interpolate; it has \(tokenBatches.count) × \(kvTokens.count)")
        }
        guard values.count == tokenBatches.count * kvTokens.count else {
            throw InputError(source: source, "the grid \(tokenBatches.count) × \(kvTokens.count) needs \(tokenBatches.count * kvTokens.count) values; found \(values.count) (missing grid points)")
        }
        for (axis, name) in [(tokenBatches, "token_batch"), (kvTokens, "kv_tokens")] {
            for i in axis.indices where !axis[i].isFinite || axis[i] < 0 {
                throw InputError(source: source, field: name, "grid point \(axis[i]) is not a finite non-negative number")
            }
            for i in axis.indices.dropFirst() where axis[i] <= axis[i - 1] {
                throw InputError(source: source, field: name, "grid points must be strictly increasing; \(axis[i]) follows \(axis[i - 1])")
            }
        }
        for (i, v) in values.enumerated() where !v.isFinite || v <= 0 {
            throw InputError(source: source, field: "iteration_ms",
                               "iteration time \(v) at token_batch \(tokenBatches[i % tokenBatches.count]), kv_tokens \(kvTokens[i / tokenBatches.count]) must be a positive finite number")
        }
        self.tokenBatches = tokenBatches
        self.kvTokens = kvTokens
        self.values = values
        self.envelope = Self.monotoneEnvelope(values, width: tokenBatches.count)
        self.tokenBatchIndex = BinadeIndex(tokenBatches)
        self.kvIndex = BinadeIndex(kvTokens)
    }

    private static func monotoneEnvelope(_ values: [Double], width: Int) -> [Double] {
        var out = values
        let height = values.count / width
        for k in 0..<height {
            for b in 0..<width {
                var v = out[k * width + b]
                if b > 0 { v = max(v, out[k * width + b - 1]) }
                if k > 0 { v = max(v, out[(k - 1) * width + b]) }
                out[k * width + b] = v
            }
        }
        return out
    }

    /// Predicted iteration time in milliseconds. O(log grid size).
    @inlinable
    public func iterationMs(tokenBatch: Double, kvTokens kv: Double) -> Double {
        iterationMs(tokenBatch: tokenBatch, at: row(kvTokens: kv))
    }

    /// The table at one resident KV: where it lies on the KV axis, found once
    /// for every query an iteration or an admission test makes at that KV.
    public struct Row: Sendable {
        /// The resident KV tokens.
        public let kvTokens: Double
        /// The KV segment and the fraction along it (``IterationTable/segment(_:_:_:)``).
        @usableFromInline let segment: Int
        @usableFromInline let fraction: Double

        @usableFromInline init(kvTokens: Double, segment: Int, fraction: Double) {
            self.kvTokens = kvTokens
            self.segment = segment
            self.fraction = fraction
        }
    }

    /// The table at `kv` resident tokens. O(log grid points in kv's binade).
    @inlinable
    public func row(kvTokens kv: Double) -> Row {
        let (ki, v) = Self.segment(kvTokens, kvIndex, kv)
        return Row(kvTokens: kv, segment: ki, fraction: v)
    }

    /// ``iterationMs(tokenBatch:kvTokens:)`` at the KV of `row`, the same to the bit. O(log grid size).
    @inlinable
    public func iterationMs(tokenBatch: Double, at row: Row) -> Double {
        let (bi, u) = Self.segment(tokenBatches, tokenBatchIndex, tokenBatch)
        let ki = row.segment, v = row.fraction
        let w = tokenBatches.count
        let v00 = envelope[ki * w + bi], v01 = envelope[ki * w + bi + 1]
        let v10 = envelope[(ki + 1) * w + bi], v11 = envelope[(ki + 1) * w + bi + 1]
        let low = v00 + (v01 - v00) * u
        let high = v10 + (v11 - v10) * u
        return low + (high - low) * v
    }

    /// Whether ``iterationMs(tokenBatch:kvTokens:)`` is non-decreasing in both
    /// arguments on the box [0, `tokenBatch`] × [0, `kv`]: inside the grid it
    /// interpolates the monotone envelope; beyond the last point of either axis
    /// the extrapolated slopes may cross. O(1).
    @inlinable
    public func isMonotone(upToTokenBatch tokenBatch: Double, kvTokens kv: Double) -> Bool {
        tokenBatch <= tokenBatches[tokenBatches.count - 1] && kv <= kvTokens[kvTokens.count - 1]
    }

    /// The segment `i` with `axis[i] ≤ x ≤ axis[i+1]` and the fraction along it;
    /// the fraction is clamped at 0 below the grid and unclamped above it.
    /// O(log grid points in x's binade) through `index`, the axis's ``BinadeIndex``.
    @inlinable @inline(__always)
    static func segment(_ axis: [Double], _ index: BinadeIndex, _ x: Double) -> (Int, Double) {
        let last = axis.count - 2
        if x <= axis[0] { return (0, 0) }
        if x >= axis[last + 1] { return (last, (x - axis[last]) / (axis[last + 1] - axis[last])) }
        let lo = index.segment(axis, x)
        return (lo, (x - axis[lo]) / (axis[lo + 1] - axis[lo]))
    }
}
