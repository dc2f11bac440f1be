/// Co-located and disaggregated serving planned for the same workload, side
/// by side: GPUs and dollars per tier, each policy's goodput against its own
/// mode's bound, PolyServe's gain over the best baseline, and the cheaper mode.
public struct ServingComparison: Sendable, Codable {
    public struct TierRow: Sendable, Codable {
        public var tier: String
        public var colocatedGpus: Double
        public var disaggregatedGpus: Double
        public var colocatedDollarsPerMonth: Double
        public var disaggregatedDollarsPerMonth: Double
        /// Worst replication on each mode's planned fleet.
        public var colocatedAttainment: Double?
        public var disaggregatedAttainment: Double?
    }

    public struct PolicyRow: Sendable, Codable {
        public var policy: PolicyID
        /// Each on its own mode's common fleet (PolyServe's smallest), every tier at its target.
        public var colocatedGoodputRps: Double
        public var colocatedRatioToBound: Double?
        public var disaggregatedGoodputRps: Double
        public var disaggregatedRatioToBound: Double?
        /// Disaggregated: the prefill instances of the split the goodput was measured at.
        public var disaggregatedPrefillInstances: Int?
    }

    /// The two plans' common header (kind `serving-modes`, wall time of both).
    public var header: PlanHeader
    public var colocated: Plan
    public var disaggregated: Plan
    public var tiers: [TierRow]
    public var policies: [PolicyRow]
    /// The mode with the smaller planned fleet in dollars (co-located on a tie).
    public var cheaper: ServingMode
    /// The cheaper mode's saving, as a fraction of the dearer mode's dollars.
    public var saving: Double
    /// PolyServe's goodput over the best baseline's, on each mode's common fleet.
    public var polyserveGainColocated: Double?
    public var polyserveGainDisaggregated: Double?

    public init(colocated: Plan, disaggregated: Plan) {
        self.colocated = colocated
        self.disaggregated = disaggregated
        header = colocated.header
        header.kind = .servingModes
        header.wallSeconds = colocated.header.wallSeconds + disaggregated.header.wallSeconds
        tiers = zip(colocated.tiers, disaggregated.tiers).map { c, d in
            TierRow(tier: c.tier, colocatedGpus: c.plannedGpus, disaggregatedGpus: d.plannedGpus, colocatedDollarsPerMonth: c.dollarsPerMonth,
                    disaggregatedDollarsPerMonth: d.dollarsPerMonth, colocatedAttainment: c.attainment, disaggregatedAttainment: d.attainment)
        }
        policies = zip(colocated.policies, disaggregated.policies).map { c, d in
            PolicyRow(policy: c.policy, colocatedGoodputRps: c.goodputRps, colocatedRatioToBound: c.ratioToBound,
                      disaggregatedGoodputRps: d.goodputRps, disaggregatedRatioToBound: d.ratioToBound,
                      disaggregatedPrefillInstances: d.goodputPrefillInstances)
        }
        let c = colocated.total.dollarsPerMonth, d = disaggregated.total.dollarsPerMonth
        cheaper = d < c ? .disaggregated : .colocated
        saving = max(c, d) > 0 ? abs(c - d) / max(c, d) : 0
        polyserveGainColocated = Self.gain(colocated)
        polyserveGainDisaggregated = Self.gain(disaggregated)
    }

    /// PolyServe's goodput over the best baseline's.
    static func gain(_ plan: Plan) -> Double? {
        guard let p = plan.policies.first(where: { $0.policy == .polyserve }),
              let best = plan.policies.filter({ $0.policy != .polyserve }).map(\.goodputRps).max(), best > 0 else { return nil }
        return p.goodputRps / best
    }
}
