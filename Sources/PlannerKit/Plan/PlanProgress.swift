/// Where the long steps of a plan report how far they are.
public protocol PlanProgress: Sendable {
    /// A new step with `units` pieces of work.
    func begin(_ step: String, units: Int)
    /// One piece of the current step is done.
    func advance()
    func finish()
}

/// Reports nothing (`--quiet`, or standard error is not a terminal).
public struct SilentProgress: PlanProgress {
    public init() {}
    public func begin(_ step: String, units: Int) {}
    public func advance() {}
    public func finish() {}
}
