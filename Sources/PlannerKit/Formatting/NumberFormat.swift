import Foundation
import Profiling

/// Fixed-point text for reports and terminals: `digits` decimals; non-finite
/// values are written `inf`, `-inf` or `nan` rather than trapping.
public func fmt(_ x: Double, _ digits: Int = 2) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    // String(format:) is exact for any finite double; only the digits are bounded.
    return String(format: "%.\(max(0, min(digits, 12)))f", x)
}

/// The shortest form with at most one decimal (`20`, `12.5`): SLO values in
/// labels, messages and model column names.
public func fmtShort(_ x: Double) -> String {
    guard x.isFinite else { return fmt(x) }
    // Below a twentieth, one decimal would print a nonzero value as 0: keep three significant digits.
    if x != 0, abs(x) < 0.05 { return String(format: "%.3g", x) }
    let r = (x * 10).rounded() / 10
    if r == r.rounded(), abs(r) < 1e15 { return String(Int(r)) }
    return fmt(r, 1)
}

/// A fraction as a percentage, or a dash when there is none.
public func percent(_ x: Double?, _ digits: Int = 2) -> String {
    x.map { fmt($0 * 100, digits) } ?? "-"
}

/// Percentiles as `p50/p90/p99` in one cell; a dash when nothing was measured.
public func show(_ p: Percentiles<Double>?, digits: Int = 1) -> String {
    p.map { "\(fmt($0.p50, digits))/\(fmt($0.p90, digits))/\(fmt($0.p99, digits))" } ?? "-"
}

/// "all 5 replications", or "its one replication".
func allReplications(_ n: Int) -> String { n == 1 ? "its one replication" : "all \(n) replications" }

/// p50/p90/p99 of whole numbers as one cell; a dash for no samples.
public func show(_ p: Percentiles<Int>?) -> String {
    p.map { "\($0.p50)/\($0.p90)/\($0.p99)" } ?? "-"
}
