/// The outcome of one mixed-integer solve.
public struct MIPSolution: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Proven optimal (within GLPK's integrality tolerance).
        case optimal
        /// An integer solution within the requested relative gap, not proven optimal.
        case feasibleWithinGap = "feasible_within_gap"
        /// The time limit stopped the search; `values` hold the best solution found.
        case timeLimit = "time_limit"
        case infeasible
        case unbounded
    }

    public var status: Status
    /// Objective of the best integer solution; `nil` when none was found.
    public var objective: Double?
    /// Objective of the LP relaxation; `nil` when the relaxation has none.
    public var relaxation: Double?
    /// One value per model variable; empty when no integer solution was found.
    public var values: [Double]
    public var solveSeconds: Double

    /// Relative gap between the integer solution and the LP relaxation,
    /// `|relaxation − objective| / max(1, |objective|)`.
    public var integralityGap: Double? {
        guard let objective, let relaxation else { return nil }
        return abs(relaxation - objective) / max(1, abs(objective))
    }

    public var hasSolution: Bool { !values.isEmpty }
}

/// How hard GLPK should try.
public struct SolverOptions: Sendable {
    public var timeLimitSeconds: Double = 60
    /// Relative MIP gap at which the search may stop; 0 proves optimality.
    public var relativeGap: Double = 0
    public var presolve: Bool = true
    /// Let GLPK print its progress to standard output (off unless asked).
    public var verbose: Bool = false

    public init(timeLimitSeconds: Double = 60, relativeGap: Double = 0, presolve: Bool = true, verbose: Bool = false) {
        self.timeLimitSeconds = timeLimitSeconds
        self.relativeGap = relativeGap
        self.presolve = presolve
        self.verbose = verbose
    }
}
