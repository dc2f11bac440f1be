/// Demand over a day or a week: consecutive windows, each a multiple of the
/// workload's base rate and optionally its own tier mix. The schedule repeats
/// with its period (its windows' total length).
public struct DemandSchedule: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        public var name: String
        public var hours: Double
        /// Multiplies the workload's total rate.
        public var rateScale: Double
        /// Shares per tier index (sum to 1), or nil for the workload's own.
        public var shares: [Double]?

        public init(name: String, hours: Double, rateScale: Double, shares: [Double]? = nil) {
            self.name = name
            self.hours = hours
            self.rateScale = rateScale
            self.shares = shares
        }
    }

    public var windows: [Window]
    /// Where the shape comes from, for the report.
    public var source: String

    public init(windows: [Window], source: String) {
        self.windows = windows
        self.source = source
    }

    /// The period: the windows' total length, hours.
    public var periodHours: Double { windows.reduce(0) { $0 + $1.hours } }

    /// Each window's start, seconds from the start of the period, and the period's end last.
    public var boundariesSeconds: [Double] {
        var t = 0.0
        return [0] + windows.map { t += $0.hours * 3600; return t }
    }

    /// The window in force `seconds` into the period (the schedule repeats). O(log windows).
    public func windowIndex(atSeconds seconds: Double) -> Int {
        let period = periodHours * 3600
        let t = seconds.truncatingRemainder(dividingBy: period)
        let b = boundariesSeconds
        var lo = 0, hi = windows.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if b[mid] <= t { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Mean rate multiple over the period, weighted by hours.
    public var meanRateScale: Double { windows.reduce(0) { $0 + $1.rateScale * $1.hours } / periodHours }
    /// The largest rate multiple.
    public var peakRateScale: Double { windows.map(\.rateScale).max() ?? 1 }

    /// Limits a schedule must keep: a week of hours at most, and multiples
    /// that keep every window's rate within what a run may simulate.
    public static let maximumWindows = 24 * 7
    public static let maximumPeriodHours = 24.0 * 7
    public static let rateScaleRange = 0.0...100.0
}

extension Workload {
    /// The steady workload of one window: the base rate times the window's
    /// multiple, the window's mix, no schedule and no mix change.
    public func window(_ w: DemandSchedule.Window) -> Workload {
        var copy = scaled(by: w.rateScale)
        copy.schedule = nil
        copy.mixChange = nil
        if let shares = w.shares { for i in copy.tiers.indices { copy.tiers[i].share = shares[i] } }
        return copy
    }
}
