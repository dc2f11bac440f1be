/// One request as the simulator sees it. Times are in seconds.
public struct Request: Sendable, Equatable {
    public var id: Int
    public var arrival: Double
    public var prompt: Int
    public var output: Int
    /// Index into the workload's tiers.
    public var tier: Int
    public var ttftSLO: Double
    public var tpotSLO: Double
    /// The chain of ``PrefixTable`` its prompt begins with (-1: none), and
    /// how many of the chain's blocks its prompt holds whole.
    public var prefixChain = -1
    public var prefixBlocks: Int32 = 0

    /// Deadline of output token `j` (1-based): `arrival + TTFT + (j − 1)·TPOT`.
    @inlinable
    public func deadline(ofToken j: Int) -> Double {
        arrival + ttftSLO + Double(j - 1) * tpotSLO
    }
}
