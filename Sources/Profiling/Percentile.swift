/// Nearest-rank percentile of sorted values, `q` in [0, 1]: the smallest
/// value with at least a share `q` of the values at or below it. O(1).
/// The one definition every report in the planner uses.
public func percentile<T>(sorted: [T], _ q: Double) -> T {
    precondition(!sorted.isEmpty, "percentile of no values")
    let rank = Int((q * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

/// p50, p90 and p99 of unsorted values, keyed as reports show them; empty for no values.
/// O(n log n).
public func reportPercentiles<T: Comparable>(_ values: [T]) -> [String: T] {
    guard !values.isEmpty else { return [:] }
    let sorted = values.sorted()
    return ["p50": percentile(sorted: sorted, 0.5), "p90": percentile(sorted: sorted, 0.9), "p99": percentile(sorted: sorted, 0.99)]
}
