/// The ranges the planner accepts for sizes a user gives, so that no value
/// reaches an allocation, a loop or GLPK unchecked. Each command states the
/// range in its error message.
public enum InputLimits {
    /// Instances in one simulated fleet by default (memory grows a few KB per
    /// instance); ``RunLimits`` raises it.
    public static let maximumInstances = 100_000
    /// Requests in one simulated run by default (`run.requests`, or rate ×
    /// `run.seconds`); ``RunLimits`` raises it.
    public static let maximumRequests = 10_000_000
    /// Tokens in one prompt or output.
    public static let maximumTokens = 10_000_000
    /// Milliseconds of a TPOT or TTFT SLO (about 3 hours).
    public static let maximumSLOMs = 1e7
    /// Clients of a closed loop (each holds one request in flight, so at most
    /// this many are resident at once).
    public static let maximumClosedLoopUsers = 1_000_000
    /// Tokens in one iteration's static budget.
    public static let maximumTokenBudget = 1_000_000
}
