/// Nearest-rank percentile of sorted values, `q` in [0, 1]: the smallest
/// value with at least a share `q` of the values at or below it. O(1).
/// The one definition every report in the planner uses.
@inlinable
public func percentile<T>(sorted: [T], _ q: Double) -> T {
    precondition(!sorted.isEmpty, "percentile of no values")
    let rank = Int((q * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

/// The p50, p90 and p99 that reports show (nearest rank).
public struct Percentiles<Value: Comparable & Sendable & Codable>: Sendable, Codable, Equatable where Value: Equatable {
    public var p50: Value
    public var p90: Value
    public var p99: Value

    public init(p50: Value, p90: Value, p99: Value) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
    }

    /// `nil` for no values. O(n log n). Inlinable, so that the sort is specialised for the caller's type.
    @inlinable
    public init?(_ values: [Value]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        p50 = percentile(sorted: sorted, 0.5)
        p90 = percentile(sorted: sorted, 0.9)
        p99 = percentile(sorted: sorted, 0.99)
    }
}
