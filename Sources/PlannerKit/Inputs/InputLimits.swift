/// The ranges the planner accepts for sizes a user gives, so that no value
/// reaches an allocation, a loop or GLPK unchecked. Each command states the
/// range in its error message.
public enum InputLimits {
    /// Instances in one simulated fleet (memory grows about 2 KB per instance).
    public static let maximumInstances = 100_000
    /// Tokens in one iteration's static budget.
    public static let maximumTokenBudget = 1_000_000
}
