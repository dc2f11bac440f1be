/// What can go wrong between the model and GLPK, in words a user can act on.
public enum SolverError: Error, Equatable, CustomStringConvertible {
    case invalidModel(String)
    case glpkFailure(routine: String, code: Int32)
    case file(path: String, message: String)
    /// The time limit ran out before GLPK found any integer solution.
    case timeLimitWithoutSolution(seconds: Double)

    public var description: String {
        switch self {
        case .timeLimitWithoutSolution(let seconds):
            "the solver's time limit (\(seconds) s) ran out before it found any fleet, so there is no bound to report; raise --time-limit"
        case .invalidModel(let why): "invalid model: \(why)"
        case .glpkFailure(let routine, let code): "GLPK \(routine) failed with code \(code) (\(Self.meaning(of: code)))"
        case .file(let path, let message): "\(path): \(message)"
        }
    }

    static func meaning(of code: Int32) -> String {
        switch code {
        case 1: "invalid basis"
        case 2: "singular matrix"
        case 3: "ill-conditioned matrix"
        case 4: "invalid bounds"
        case 5: "solver failure"
        case 8: "iteration limit"
        case 9: "time limit"
        case 10: "no primal feasible solution"
        case 11: "no dual feasible solution"
        case 12: "root LP optimum not provided"
        case 13: "search terminated by application"
        case 14: "relative MIP gap reached"
        default: "unknown"
        }
    }
}
