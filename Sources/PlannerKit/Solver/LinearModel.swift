/// A mixed-integer linear program as a plain value: what to build, not how.
///
/// The model is independent of GLPK so that the bound can be constructed,
/// inspected and tested without a solver; ``GLPKSolver`` turns it into a
/// GLPK problem only for the duration of one solve.
public struct LinearModel: Sendable, Equatable {
    public enum Sense: Sendable, Equatable { case minimize, maximize }
    public enum Kind: Sendable, Equatable { case continuous, integer }

    /// A column. Bounds may be infinite (`-.infinity`, `.infinity`).
    public struct Variable: Sendable, Equatable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public var kind: Kind
        public var objective: Double
    }

    /// A row `lower ≤ Σ coefficient·x ≤ upper`; either side may be infinite.
    public struct Constraint: Sendable, Equatable {
        public var name: String
        public var terms: [(variable: Int, coefficient: Double)]
        public var lower: Double
        public var upper: Double

        public static func == (a: Self, b: Self) -> Bool {
            a.name == b.name && a.lower == b.lower && a.upper == b.upper
                && a.terms.elementsEqual(b.terms) { $0.variable == $1.variable && $0.coefficient == $1.coefficient }
        }
    }

    public var name: String
    public var sense: Sense
    public private(set) var variables: [Variable] = []
    public private(set) var constraints: [Constraint] = []

    public init(name: String, sense: Sense) {
        self.name = name
        self.sense = sense
    }

    /// Adds a column and returns its index. O(1) amortised.
    @discardableResult
    public mutating func addVariable(
        _ name: String, lower: Double = 0, upper: Double = .infinity,
        kind: Kind = .continuous, objective: Double = 0
    ) -> Int {
        variables.append(Variable(name: name, lower: lower, upper: upper, kind: kind, objective: objective))
        return variables.count - 1
    }

    /// Adds a row; terms naming the same variable twice are summed so that
    /// GLPK, which rejects duplicate indices, never sees them.
    public mutating func addConstraint(
        _ name: String, _ terms: [(Int, Double)], lower: Double = -.infinity, upper: Double = .infinity
    ) {
        var merged: [Int: Double] = [:]
        for (variable, coefficient) in terms { merged[variable, default: 0] += coefficient }
        let sorted = merged.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        constraints.append(Constraint(
            name: name, terms: sorted.map { (variable: $0.key, coefficient: $0.value) }, lower: lower, upper: upper))
    }

    public mutating func setObjective(_ variable: Int, _ coefficient: Double) {
        variables[variable].objective = coefficient
    }
}

extension LinearModel {
    /// The largest magnitude of a coefficient or finite bound passed to GLPK; its scaling aborts on larger ones.
    static let largestMagnitude = 1e15

    /// Problems GLPK would abort on (it calls `exit` on bad input) are caught here instead.
    func validate() throws(SolverError) {
        let limit = Self.largestMagnitude
        func tooLarge(_ x: Double) -> Bool { x.isFinite && abs(x) > limit }
        for v in variables where tooLarge(v.lower) || tooLarge(v.upper) || tooLarge(v.objective) {
            throw .invalidModel("variable '\(v.name)' has a bound or objective beyond ±\(limit); a rate or price in the inputs is out of range")
        }
        for row in constraints where tooLarge(row.lower) || tooLarge(row.upper) || row.terms.contains(where: { tooLarge($0.coefficient) }) {
            throw .invalidModel("constraint '\(row.name)' has a coefficient or bound beyond ±\(limit); a rate or length in the inputs is out of range")
        }
        for (j, v) in variables.enumerated() {
            if v.lower.isNaN || v.upper.isNaN || v.objective.isNaN || !v.objective.isFinite {
                throw .invalidModel("variable \(j) '\(v.name)' has a NaN or infinite bound or objective")
            }
            if v.lower > v.upper { throw .invalidModel("variable '\(v.name)' has lower bound \(v.lower) above upper bound \(v.upper)") }
        }
        for row in constraints {
            if row.lower.isNaN || row.upper.isNaN || row.lower > row.upper {
                throw .invalidModel("constraint '\(row.name)' has bounds [\(row.lower), \(row.upper)]")
            }
            for term in row.terms where !term.coefficient.isFinite || !(0..<variables.count).contains(term.variable) {
                throw .invalidModel("constraint '\(row.name)' has an invalid term on variable \(term.variable)")
            }
        }
    }
}
