import ArgumentParser
import PlannerKit

/// The usage error "FLAG must be between LOW and HIGH" (then `hint`) unless
/// `value`, when given, lies in `range`.
func require(_ flag: String, _ value: Int?, in range: ClosedRange<Int>, hint: String = "") throws {
    if let value, !range.contains(value) { throw ValidationError("\(flag) must be between \(range.lowerBound) and \(range.upperBound)\(hint)") }
}

/// The usage error "FLAG must be from LOW to HIGH" (then `unit`) unless
/// `value`, when given, lies in `range`: NaN and infinities never do.
func require(_ flag: String, _ value: Double?, in range: ClosedRange<Double>, unit: String = "") throws {
    if let value, !(value.isFinite && range.contains(value)) {
        throw ValidationError("\(flag) must be from \(fmtShort(range.lowerBound)) to \(fmtShort(range.upperBound))\(unit)")
    }
}
