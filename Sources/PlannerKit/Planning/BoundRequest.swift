import Profiling

/// What `planner optimal` asks of the bound: sizing (the fewest GPUs or
/// dollars that carry the forecast) or, with a fleet size, the largest
/// common scale of the mix that fleet carries; each solved work-conserving
/// and clairvoyant.
public struct BoundRequest: Sendable {
    public var inputs: PlanningInputs
    /// A fleet size in instances: solve for goodput; `nil`: sizing.
    public var instances: Int?
    /// `nil`: the workload's first serving mode.
    public var serving: ServingMode?
    /// Sizing minimises dollars per hour rather than GPUs.
    public var byCost = false
    public var options = BoundProblem.Options()
    /// Write the headline model in CPLEX LP format here.
    public var lpPath: String?

    public init(inputs: PlanningInputs) {
        self.inputs = inputs
    }

    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        case disaggregatedOnSeveralTypes
        case infeasible
        case tooLarge(instances: Int)
        case noScale(instances: Int)

        /// Whether the request itself is wrong (the flags), rather than its outcome.
        public var isUsage: Bool { self == .disaggregatedOnSeveralTypes }

        public var description: String {
            switch self {
            case .disaggregatedOnSeveralTypes: "the disaggregated bound is for one server type; give one profile"
            case .infeasible: "no fleet carries this workload with every tier at its target (status infeasible); lower a rate or a target"
            case let .tooLarge(n): "the workload needs \(n) instances, more than the \(InputLimits.maximumInstances) a plan can simulate; lower the rates"
            case let .noScale(n): "\(n) instance(s) carry no positive share of this mix with every tier at its target; lower a rate or add instances"
            }
        }
    }

    /// Solves the headline (work-conserving, every tier at its target), the
    /// clairvoyant and, for a fleet, the overall-attainment bound.
    public func run() throws -> BoundReport {
        var options = options
        if (serving ?? inputs.workload.serving[0]) == .disaggregated {
            guard inputs.profiles.count == 1 else { throw Failure.disaggregatedOnSeveralTypes }
            options.disaggregation = try inputs.disaggregation()
        }
        let objective: BoundProblem.Objective = instances.map { .goodput(instances: $0) } ?? .sizing(byCost: byCost)
        func problem(_ admission: BoundProblem.Admission, _ attainment: BoundProblem.AttainmentRule) -> BoundProblem {
            var o = options
            o.admission = admission
            o.attainment = attainment
            return BoundProblem(workload: inputs.workload, profiles: inputs.profiles, objective: objective, options: o)
        }
        let headline = problem(.workConserving, .perTier)
        if let lpPath { try headline.writeLP(to: lpPath) }
        let overall = instances == nil ? nil : try problem(.workConserving, .overall).solve()
        return BoundReport(headline: try headline.solve(), clairvoyant: try problem(.clairvoyant, .perTier).solve(), overall: overall)
    }
}

/// The bounds `planner optimal` prints: the headline solution's keys, plus the others under their own keys.
public struct BoundReport: Sendable, Encodable {
    public var headline: BoundSolution
    public var clairvoyant: BoundSolution
    public var overall: BoundSolution?

    enum Keys: String, CodingKey { case overallGoodputRps, clairvoyant, overall }

    public func encode(to encoder: any Encoder) throws {
        try headline.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(overall?.goodputRps, forKey: .overallGoodputRps)
        try c.encode(clairvoyant, forKey: .clairvoyant)
        try c.encodeIfPresent(overall, forKey: .overall)
    }

    /// Each solution's summary, blank-line separated.
    public func consoleSummary() -> String {
        ([headline, clairvoyant] + (overall.map { [$0] } ?? [])).map { $0.consoleSummary() }.joined(separator: "\n\n")
    }

    /// The outcome a plan cannot use, or `nil`: infeasible, too large to simulate, or no positive scale on the fleet.
    public func failure(instances: Int?) -> BoundRequest.Failure? {
        if headline.status == .infeasible { return .infeasible }
        if instances == nil, headline.totalInstances > InputLimits.maximumInstances { return .tooLarge(instances: headline.totalInstances) }
        if let instances, (headline.scale ?? 0) < 1e-9 { return .noScale(instances: instances) }
        return nil
    }
}
