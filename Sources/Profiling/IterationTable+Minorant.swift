extension IterationTable {
    /// A plane below the whole table, extrapolation included:
    /// `iterationMs(b, k) ≥ ms + msPerToken·b + msPerKVToken·k` for every
    /// `b, k ≥ 0`. Its slopes are the least rise per token along each axis
    /// over every segment of the monotone envelope (bilinear interpolation and
    /// the extension past the grid never rise more slowly), and it passes
    /// through the first grid point. O(grid size).
    public var linearMinorant: (ms: Double, msPerToken: Double, msPerKVToken: Double) {
        let w = tokenBatches.count, h = kvTokens.count
        var perToken = Double.infinity, perKV = Double.infinity
        for k in 0..<h {
            for b in 0..<(w - 1) {
                perToken = min(perToken, (envelope[k * w + b + 1] - envelope[k * w + b]) / (tokenBatches[b + 1] - tokenBatches[b]))
            }
        }
        for b in 0..<w {
            for k in 0..<(h - 1) {
                perKV = min(perKV, (envelope[(k + 1) * w + b] - envelope[k * w + b]) / (kvTokens[k + 1] - kvTokens[k]))
            }
        }
        perToken = max(0, perToken)
        perKV = max(0, perKV)
        return (envelope[0] - perToken * tokenBatches[0] - perKV * kvTokens[0], perToken, perKV)
    }
}
