import Foundation
import Testing

extension Trait where Self == ConditionTrait {
    /// A test that plans or simulates at scale (tens of seconds on two cores).
    /// `PLANNER_QUICK=1 swift test` skips these for a quick loop; CI runs
    /// everything. (An environment switch rather than a tag: the toolchain's
    /// `swift test` cannot yet skip by tag.)
    static var slow: Self {
        .disabled(if: ProcessInfo.processInfo.environment["PLANNER_QUICK"] == "1", "slow: skipped under PLANNER_QUICK=1")
    }
}
