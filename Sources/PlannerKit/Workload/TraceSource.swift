import Profiling

/// A trace named in a workload, with what the loader measured of it.
public struct TraceSource: Sendable, Equatable {
    public var path: String
    public var format: TraceFormat
    public var rows: Int
    public var durationSeconds: Double
    /// Each row's prompt blocks as a chain of keys (row `i` is chain `i`), where the format has them (Mooncake).
    public var prefixes: PrefixTable? = nil
    /// Mean prompt and output tokens of its rows, as replayed (0 or more tokens read as 1).
    public var meanPrompt = 0.0
    public var meanOutput = 0.0
    public var meanRate: Double { durationSeconds > 0 ? Double(max(rows - 1, 0)) / durationSeconds : 0 }
}

extension TraceSource {
    /// Reads a whole trace: counts rows and duration, and keeps the length pairs.
    public static func summarize(path: String, format: TraceFormat? = nil) throws(InputError) -> (source: TraceSource, pairs: [LengthPair], tiers: [String?]) {
        var reader = try TraceReader(path: path, format: format)
        var pairs: [LengthPair] = [], tiers: [String?] = []
        var last = 0.0
        var prefixes = PrefixTable(blockTokens: TraceRecord.mooncakeBlockTokens)
        while let r = try reader.next() {
            pairs.append(LengthPair(prompt: r.prompt, output: r.output))
            tiers.append(r.tier)
            last = r.arrival ?? 0
            prefixes.append(r.blockKeys ?? [])
        }
        var source = Self(path: path, format: reader.format, rows: pairs.count, durationSeconds: last)
        if reader.format == .mooncake { source.prefixes = prefixes }
        if !pairs.isEmpty {
            source.meanPrompt = pairs.reduce(0.0) { $0 + Double(max($1.prompt, 1)) } / Double(pairs.count)
            source.meanOutput = pairs.reduce(0.0) { $0 + Double(max($1.output, 1)) } / Double(pairs.count)
        }
        return (source, pairs, tiers)
    }
}
