/// A plan's `summary.csv`, whatever its kind: one row per tier, then the
/// fleet's `total` row, each with the columns every kind writes
/// (``commonColumns``, in that order) followed by the kind's own (docs/outputs.md).
public struct PlanSummary: Sendable, Equatable {
    /// The columns every kind's `summary.csv` begins with, in this order.
    public static let commonColumns = [
        "tier", "tpot_ms", "ttft_ms", "rate_rps", "attainment_target", "attainment", "meets_target",
        "planned_gpus", "dollars_per_month", "dollars_per_million_output_tokens",
        "planned_gpus_low", "planned_gpus_high", "dollars_per_month_low", "dollars_per_month_high",
        "latency_band", "latency_band_validated",
    ]
    /// The name of the fleet's row; no tier may take it.
    public static let totalRow = Tier.reservedName

    /// One row: a tier's SLA, GPUs and dollars, and their range at the latency band's edges.
    public struct Row: Sendable, Equatable {
        public var tier: String
        /// Empty in the total row.
        public var tpotMs: Double?
        public var ttftMs: [Double]
        public var rateRps: Double
        public var attainmentTarget: Double?
        /// The worst replication's attainment on the planned fleet (the kind says which fleet; docs/outputs.md).
        public var attainment: Double?
        public var meetsTarget: Bool
        public var plannedGpus: Double
        public var dollarsPerMonth: Double
        public var dollarsPerMillionOutputTokens: Double?
        public var plannedGpusLow: Double?
        public var plannedGpusHigh: Double?
        public var dollarsPerMonthLow: Double?
        public var dollarsPerMonthHigh: Double?
        public var latencyBand: Double?
        public var latencyBandValidated: Bool?
        /// The kind's own columns, by name (as written: numbers already formatted).
        public var extras: [String: String] = [:]

        public init(tier: String, tpotMs: Double?, ttftMs: [Double], rateRps: Double, attainmentTarget: Double?, attainment: Double?,
                    meetsTarget: Bool, plannedGpus: Double, dollarsPerMonth: Double, dollarsPerMillionOutputTokens: Double?) {
            self.tier = tier
            self.tpotMs = tpotMs
            self.ttftMs = ttftMs
            self.rateRps = rateRps
            self.attainmentTarget = attainmentTarget
            self.attainment = attainment
            self.meetsTarget = meetsTarget
            self.plannedGpus = plannedGpus
            self.dollarsPerMonth = dollarsPerMonth
            self.dollarsPerMillionOutputTokens = dollarsPerMillionOutputTokens
        }

        /// Sets the range columns: the row's GPUs and dollars times each edge's share of the plan's (`nil`: no range).
        mutating func setRange(gpuShares: (low: Double?, high: Double?), dollarShares: (low: Double?, high: Double?), band: Double?, validated: Bool?) {
            plannedGpusLow = gpuShares.low.map { plannedGpus * $0 }
            plannedGpusHigh = gpuShares.high.map { plannedGpus * $0 }
            dollarsPerMonthLow = dollarShares.low.map { dollarsPerMonth * $0 }
            dollarsPerMonthHigh = dollarShares.high.map { dollarsPerMonth * $0 }
            latencyBand = band
            latencyBandValidated = validated
        }
    }

    /// The kind's own columns, after the common ones.
    public var extraColumns: [String]
    /// The tiers in workload order, then the total.
    public var rows: [Row]

    public init(extraColumns: [String], rows: [Row]) {
        self.extraColumns = extraColumns
        self.rows = rows
    }

    /// The tiers' rows (without the total).
    public var tiers: [Row] { rows.filter { $0.tier != Self.totalRow } }
    /// The fleet's row.
    public var total: Row? { rows.first { $0.tier == Self.totalRow } }

    /// The CSV text: GPUs to two decimals, dollars to cents, shares to four.
    public func csv() throws -> String {
        let n = CSVText.number
        var lines = [Self.commonColumns + extraColumns]
        for r in rows {
            lines.append([r.tier, n(r.tpotMs, 0), r.ttftMs.map(fmtShort).joined(separator: "/"), n(r.rateRps, 3), n(r.attainmentTarget, 4),
                          n(r.attainment, 4), r.meetsTarget ? "yes" : "no", n(r.plannedGpus, 2), n(r.dollarsPerMonth, 2),
                          n(r.dollarsPerMillionOutputTokens, 4), n(r.plannedGpusLow, 2), n(r.plannedGpusHigh, 2), n(r.dollarsPerMonthLow, 2),
                          n(r.dollarsPerMonthHigh, 2), n(r.latencyBand, 3), r.latencyBandValidated.map { $0 ? "yes" : "no" } ?? ""]
                         + extraColumns.map { r.extras[$0] ?? "" })
        }
        return try CSVText.render(lines)
    }
}
