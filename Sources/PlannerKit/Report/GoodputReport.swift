/// What `planner goodput` found: a policy's goodput on one fleet, every tier
/// at its target and all requests together, each against the bound on the
/// same fleet, with the bisection's steps.
public struct GoodputReport: Encodable, Sendable {
    public var policy: PolicyID
    public var instances: Int
    public var replications: Int
    public var seeds: [UInt64]
    /// Every tier at its own target (the headline).
    public var goodputRps: Double
    public var boundGoodputRps: Double?
    public var ratioToBound: Double?
    /// All requests together at the workload's target (the paper's definition).
    public var overallGoodputRps: Double
    public var overallBoundGoodputRps: Double?
    public var overallRatioToBound: Double?
    public var steps: [GoodputSearch.Step]
    public var overallSteps: [GoodputSearch.Step]
    public var serving: ServingMode
    /// Disaggregated: the prefill instances of the split measured.
    public var prefillInstances: Int?

    // What the terminal text names beside the figures (not in the JSON).
    var fleet = ""
    var splitGiven = false
    var boundPrefillInstances: Int?
    var tierNames: [String] = []
    var totalRate = 0.0
    var boundPerTierGoodputRps = 0.0

    private enum CodingKeys: String, CodingKey {
        case policy, instances, replications, seeds, goodputRps, boundGoodputRps, ratioToBound, overallGoodputRps, overallBoundGoodputRps,
             overallRatioToBound, steps, overallSteps, serving, prefillInstances
    }

    /// The terminal text: the split, the two goodputs against the bound, and each bisection step's worst tiers.
    public func consoleSummary() -> String {
        var lines: [String] = []
        if let p = prefillInstances {
            lines.append("disaggregated: \(p) prefill + \(instances - p) decode instances (\(splitGiven ? "as given" : "the split with the most goodput, searched from the bound's \(boundPrefillInstances.map(String.init) ?? "-")"))")
        }
        lines.append("\(policy) on \(fleet), \(replications) replication(s):")
        lines.append("  goodput, every tier at its target: \(fmt(goodputRps)) req/s = \(percent(ratioToBound, 1)) % of the work-conserving bound's \(fmt(boundPerTierGoodputRps)) req/s")
        lines.append("  overall goodput (the paper's): \(fmt(overallGoodputRps)) req/s = \(percent(overallRatioToBound, 1)) % of the bound's \(fmt(overallBoundGoodputRps ?? 0)) req/s")
        for step in steps {
            let tiers = zip(tierNames, step.tierAttainment).map { "\($0) \(percent($1))" }.joined(separator: ", ")
            lines.append("  scale \(fmt(step.scale, 3)) (\(fmt(step.scale * totalRate)) req/s): \(step.meets ? "meets" : "misses"); worst replication: \(tiers)")
        }
        return lines.joined(separator: "\n")
    }
}
