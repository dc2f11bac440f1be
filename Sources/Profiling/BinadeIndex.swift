/// Where the search for a point's segment on one grid axis starts, by the
/// point's binade (the power of two at or below it).
///
/// The bundled grids are near-geometric: a binade holds one or two grid
/// points, so a segment is one table read and at most a step or two, where a
/// binary search over the whole axis takes four or five unpredictable
/// branches. The segment found is the binary search's, so every interpolated
/// figure is unchanged.
@usableFromInline
struct BinadeIndex: Sendable, Equatable {
    /// The binade of the smallest positive grid point.
    @usableFromInline let lowestExponent: Int
    /// The binade of the last grid point.
    @usableFromInline let highestExponent: Int
    /// 0 for points below the lowest binade, then for each binade from
    /// ``lowestExponent`` to ``highestExponent`` the last grid point at or
    /// below its power of two (0 where none is).
    @usableFromInline let starts: [Int]

    /// The index of a strictly increasing, non-negative axis whose last point is positive. O(axis + binades).
    init(_ axis: [Double]) {
        lowestExponent = axis.first { $0 > 0 }!.exponent
        highestExponent = axis[axis.count - 1].exponent
        starts = [0] + (lowestExponent...highestExponent).map { e in
            axis.lastIndex { $0 <= Double(sign: .plus, exponent: e, significand: 1) } ?? 0
        }
    }

    /// The last grid point at or below `x`, for `axis[0] < x < axis.last`
    /// (the caller has handled either end): a binary search between the
    /// start of x's binade and the next binade's. O(log grid points in x's binade).
    @inlinable @inline(__always)
    func segment(_ axis: [Double], _ x: Double) -> Int {
        // Below the axis's binades: from the first point. Above them is only a
        // NaN, which gets segment 0 as the binary search gives it.
        let e = Self.exponent(x)
        let k = e < lowestExponent || e > highestExponent ? 0 : e - lowestExponent + 1
        // axis[lo] ≤ x < axis[hi]: the point after the next binade's start lies past x's binade.
        var lo = starts[k], hi = k + 1 < starts.count ? min(starts[k + 1] + 1, axis.count - 1) : axis.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if axis[mid] <= x { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// `x.exponent` for a positive finite `x`, read from the bits: the
    /// standard library's property is a call, a sixth of a lookup's
    /// instructions. A subnormal asks the property; infinity and a NaN give
    /// 1024, above every finite binade. O(1).
    @inlinable @inline(__always)
    static func exponent(_ x: Double) -> Int {
        let biased = Int(truncatingIfNeeded: x.bitPattern >> 52) & 0x7FF
        return biased != 0 ? biased - 1023 : x.exponent
    }
}
