/// One tier's attainment over replications, against its target.
public struct TierSLA: Sendable, Codable, Equatable {
    public var tier: String
    public var target: Double
    /// Replications that measured the tier (a run too short to see it measures none).
    public var replications: Int
    public var mean: Double?
    /// The lowest attainment over the replications: what the plan is held to.
    public var worst: Double?
    /// 95 % confidence interval of the mean (Student's t over replications); `nil` for fewer than two.
    public var interval95: ClosedRange<Double>?

    /// Whether every replication measured the tier and met its target.
    public var meetsTarget: Bool { worst.map { $0 >= target - 1e-12 } ?? false }
    /// How far the worst replication is above (positive) or below the target.
    public var margin: Double? { worst.map { $0 - target } }

    /// Summarises tier `t` of `results` against `target`.
    public init(tier t: Int, of results: [SimulationResult], target: Double) {
        tier = results.first?.tiers[t].name ?? ""
        self.target = target
        let values = results.compactMap { $0.tiers[t].attainment }
        replications = values.count
        guard values.count == results.count, !values.isEmpty else {
            mean = nil; worst = nil; interval95 = nil
            return
        }
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        mean = m
        worst = values.min()
        if values.count >= 2 {
            let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
            let half = Self.studentT975(degreesOfFreedom: values.count - 1) * (variance / n).squareRoot()
            interval95 = max(0, m - half)...min(1, m + half)
        } else {
            interval95 = nil
        }
    }

    /// Two-sided 95 % quantile of Student's t (table to 30 degrees of freedom, then the normal's 1.96).
    static func studentT975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        return df >= 1 && df <= table.count ? table[df - 1] : 1.96
    }
}

extension Array where Element == TierSLA {
    /// The tier furthest below (or least above) its target: the one that binds the fleet.
    public var binding: TierSLA? {
        self.min { ($0.margin ?? -.infinity) < ($1.margin ?? -.infinity) }
    }
}
