/// A tier's requests split into equal-probability buckets by total tokens,
/// so the bound can leave the costliest ones unserved when the attainment
/// target is below 100 %.
public struct LengthBucket: Sendable, Equatable {
    /// Fraction of the tier's requests in this bucket.
    public var weight: Double
    public var meanPrompt: Double
    public var meanOutput: Double
    /// Largest prompt in the bucket (for the TTFT check).
    public var maxPrompt: Double

    /// What one request per second of this bucket puts on a server in a bin
    /// of TPOT `binTpotMs`: tokens in each iteration, `(w·P + O)·s` with each
    /// prompt token weighed `prefillWeight` (``ServerRegion/prefillWeight``),
    /// and KV held, `O·(P + O/2)·s` (Little's law over its decode phase).
    func load(atBinTpotMs binTpotMs: Double, prefillWeight: Double = 1) -> (tokens: Double, kv: Double) {
        let seconds = binTpotMs / 1000
        return ((prefillWeight * meanPrompt + meanOutput) * seconds, meanOutput * (meanPrompt + meanOutput / 2) * seconds)
    }

    /// Decode tokens per iteration per unit rate: `(O − 1)·s`, the requests
    /// resident in decode, each running one token an iteration (the first
    /// output token comes with the prefill).
    func decodeTokens(atBinTpotMs binTpotMs: Double) -> Double { max(0, meanOutput - 1) * binTpotMs / 1000 }

    /// The same on a decode instance of a disaggregated fleet: its decode
    /// tokens only, `O·s`, and the same KV.
    func decodeLoad(atBinTpotMs binTpotMs: Double) -> (tokens: Double, kv: Double) {
        let seconds = binTpotMs / 1000
        return (meanOutput * seconds, meanOutput * (meanPrompt + meanOutput / 2) * seconds)
    }
}

extension Tier {
    /// Buckets from `samples` seeded draws of the tier's lengths, sorted by prompt + output.
    /// Complexity: O(samples · log samples).
    public func lengthBuckets(count: Int, samples: Int = 20_000, seed: UInt64) -> [LengthBucket] {
        var rng = SeededGenerator(seed: seed, stream: 200)
        let draws = (0..<samples).map { _ in lengths.sample(&rng) }.sorted { $0.prompt + $0.output < $1.prompt + $1.output }
        let per = samples / count
        return (0..<count).map { i in
            let slice = draws[(i * per)..<(i == count - 1 ? samples : (i + 1) * per)]
            let n = Double(slice.count)
            return LengthBucket(weight: n / Double(samples),
                                meanPrompt: Double(slice.reduce(0) { $0 + $1.prompt }) / n,
                                meanOutput: Double(slice.reduce(0) { $0 + $1.output }) / n,
                                maxPrompt: Double(slice.map(\.prompt).max() ?? 0))
        }
    }
}
