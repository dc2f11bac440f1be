/// What an instance needs to know about each tier.
struct TierTable: Sendable {
    /// Class-average output length.
    var expected: [Double]
    /// TPOT SLO, seconds.
    var tpot: [Double]
    /// Index of the tier's TPOT bin (bin).
    var bin: [Int]
    /// TPOT of each bin, seconds.
    var binTpotSeconds: [Double]
    var bins: Int { binTpotSeconds.count }

    init(expected: [Double], tpot: [Double], bin: [Int], binTpotSeconds: [Double]) {
        self.expected = expected
        self.tpot = tpot
        self.bin = bin
        self.binTpotSeconds = binTpotSeconds
    }

    /// The workload's tiers: each tier's bin is the index of its TPOT among the
    /// distinct TPOT values, tightest first (the one place this is decided).
    init(workload: Workload) {
        let bins = workload.tpotBinsMs
        self.init(expected: workload.tiers.map(\.lengths.meanOutput), tpot: workload.tiers.map { $0.tpotMs / 1000 },
                  bin: workload.tiers.map { t in bins.firstIndex(of: t.tpotMs)! }, binTpotSeconds: bins.map { $0 / 1000 })
    }

    /// Smallest generated count at which `generated + 1` exceeds the expected output.
    func overdueFrom(_ tier: Int) -> Int { max(0, Int(expected[tier].rounded(.down))) }
    func isOverdue(_ tier: Int, generated: Int) -> Bool { Double(generated + 1) > expected[tier] }
}
