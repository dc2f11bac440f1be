/// Why `profile fit` refused: each case says which runs or term, and what
/// would let the fit go on.
public enum ProfileFitError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Leave-one-run-out needs a fit on the others.
    case tooFewRuns(Int)
    /// A run measured nothing the fit can match (no mean or median).
    case nothingToMatch(run: String)
    /// The runs say they measured different deployments.
    case mixedDeployments(field: String, values: [String: [String]])
    /// A run says it measured another deployment than the profile's.
    case notTheProfile(run: String, field: String, measured: String, profile: String)
    /// The runs fit (nearly) as well across a term's whole physical range.
    case notIdentified(term: String, from: Double, to: Double, unit: String, tolerance: Double)
    /// Runs the best fit leaves above the stated error.
    case offModel([Offender], limit: Double)
    /// Refitting kernel efficiencies needs a GPU and model the roofline knows.
    case kernelsNeedCatalogue(gpu: String, model: String)

    public struct Offender: Equatable, Sendable, Codable {
        public var run: String
        public var metric: ServingMetric
        public var measuredMs: Double
        public var simulatedMs: Double
        public var error: Double
        /// The likely cause, from which figures miss.
        public var why: String
    }

    public var description: String {
        switch self {
        case let .tooFewRuns(n):
            "\(n) run\(n == 1 ? "" : "s") given; a fit needs at least 2 (each run is checked on a fit of the others): measure the deployment at two or more loads"
        case let .nothingToMatch(run):
            "\(run): no mean or median TTFT, TPOT or E2E to fit to"
        case let .mixedDeployments(field, values):
            "the runs measured different deployments (\(field): " + values.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value.joined(separator: ", "))" }.joined(separator: "; ")
                + "); fit one deployment at a time"
        case let .notTheProfile(run, field, measured, profile):
            "\(run): measured \(field) \(measured) but the profile is for \(profile); give the profile of the deployment the runs measured"
        case let .notIdentified(term, from, to, unit, tolerance):
            "the runs cannot identify the \(term): they fit within \(Int((tolerance * 100).rounded())) % of the best anywhere from \(from) to \(to) \(unit). "
                + "Add runs whose figures it moves (TPOT for the per-step time, TTFT at a low rate for the per-request time, several loads for kernel efficiencies)"
        case let .offModel(offenders, limit):
            "the best fit leaves \(Set(offenders.map(\.run)).count) run(s) above \(Int((limit * 100).rounded())) %:\n"
                + offenders.map { "  \($0.run): \($0.metric) measured \(Self.ms($0.measuredMs)) ms, simulated \(Self.ms($0.simulatedMs)) ms (\($0.error >= 0 ? "+" : "")\(Int(($0.error * 100).rounded())) %): \($0.why)" }.joined(separator: "\n")
                + "\nCheck those runs' settings (token budget, running cap, lengths) or pass a larger --max-error"
        case let .kernelsNeedCatalogue(gpu, model):
            "--kernels regenerates the profile from the roofline, which does not know \(gpu) with \(model); fit the engine terms alone (drop --kernels)"
        }
    }

    static func ms(_ x: Double) -> String { x.isFinite ? String(Int(x.rounded())) : "none (the queue never drained)" }
}
