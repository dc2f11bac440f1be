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

    public let windows: [Window]
    /// Where the shape comes from, for the report.
    public var source: String
    /// Each window's start, seconds from the start of the period, and the period's end last.
    public let boundariesSeconds: [Double]

    public init(windows: [Window], source: String) {
        self.windows = windows
        self.source = source
        var t = 0.0
        boundariesSeconds = [0] + windows.map { t += $0.hours * 3600; return t }
    }

    /// The period: the windows' total length, hours.
    public var periodHours: Double { (boundariesSeconds.last ?? 0) / 3600 }

    /// The window in force `seconds` from the start (the schedule repeats)
    /// and when it ends, on the same clock; the end always lies ahead of
    /// `seconds`, whatever the rounding at a boundary. O(log windows).
    public func window(atSeconds seconds: Double) -> (index: Int, end: Double) {
        let period = boundariesSeconds[boundariesSeconds.count - 1]
        var cycle = (seconds / period).rounded(.down) * period
        var lo = 0, hi = boundariesSeconds.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if boundariesSeconds[mid] <= seconds - cycle { lo = mid } else { hi = mid }
        }
        if lo >= windows.count { cycle += period; lo = 0 }
        return (lo, cycle + boundariesSeconds[lo + 1])
    }

    /// The index of the window in force `seconds` from the start. O(log windows).
    public func windowIndex(atSeconds seconds: Double) -> Int { window(atSeconds: seconds).index }

    /// Mean rate multiple over the period, weighted by hours.
    public var meanRateScale: Double { windows.reduce(0) { $0 + $1.rateScale * $1.hours } / periodHours }
    /// The largest rate multiple.
    public var peakRateScale: Double { windows.map(\.rateScale).max() ?? 1 }

    /// Limits a schedule must keep: a week of hours at most, and multiples
    /// that keep every window's rate within what a run may simulate.
    public static let maximumWindows = 24 * 7
    public static let maximumPeriodHours = 24.0 * 7
    /// The shortest window: below a minute a window is shorter than a server
    /// takes to start and than any measurement of it, and the continuous run,
    /// which steps window by window, would crawl.
    public static let minimumWindowHours = 1.0 / 60
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
