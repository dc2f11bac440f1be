/// What the latency model's error is worth over a schedule: every window's
/// PolyServe fleet with the profile's latencies at both edges of its band,
/// and the month's bill held at the peak or following the load at each edge.
public struct ScheduleLatencyRange: Sendable, Codable, Equatable {
    /// The fraction every latency was scaled by, down and up.
    public var band: Double
    public var validated: Bool
    /// Per window, GPUs at `1 − band` and `1 + band`; `nil` where no fleet up
    /// to ``LatencyRange/ceilingFactor`` times the window's plan meets every tier.
    public var lowGpus: [Int?]
    public var highGpus: [Int?]
    /// The peak window's GPUs at each edge; `nil` when some window has no fleet.
    public var peakGpusLow: Int?
    public var peakGpusHigh: Int?
    /// A month at each edge, held at the peak and following the windows.
    public var staticPeakDollarsPerMonthLow: Double?
    public var staticPeakDollarsPerMonthHigh: Double?
    public var followingDollarsPerMonthLow: Double?
    public var followingDollarsPerMonthHigh: Double?

    /// The range from each window's edge fleets (GPUs) and hours.
    init(band: Double, validated: Bool, low: [Int?], high: [Int?], hours: [Double], periodHours: Double, dollarsPerGpuHour: Double, hoursPerMonth: Double) {
        self.band = band
        self.validated = validated
        lowGpus = low
        highGpus = high
        func complete(_ g: [Int?]) -> [Int]? { g.contains(where: { $0 == nil }) ? nil : g.map { $0! } }
        let perMonth = hoursPerMonth / periodHours
        func peak(_ g: [Int?]) -> Int? { complete(g).map { $0.max() ?? 0 } }
        func following(_ g: [Int?]) -> Double? { complete(g).map { zip($0, hours).reduce(0) { $0 + Double($1.0) * $1.1 } * perMonth * dollarsPerGpuHour } }
        peakGpusLow = peak(low)
        peakGpusHigh = peak(high)
        staticPeakDollarsPerMonthLow = peakGpusLow.map { Double($0) * hoursPerMonth * dollarsPerGpuHour }
        staticPeakDollarsPerMonthHigh = peakGpusHigh.map { Double($0) * hoursPerMonth * dollarsPerGpuHour }
        followingDollarsPerMonthLow = following(low)
        followingDollarsPerMonthHigh = following(high)
    }
}
