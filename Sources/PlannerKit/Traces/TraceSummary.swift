import Profiling

/// A trace file read to its end: how many requests, over how long, and its
/// prompt and output lengths.
public struct TraceSummary: Sendable, Encodable {
    public var path: String
    public var format: TraceFormat
    public var requests: Int
    /// From the first to the last arrival; `nil` for a format without arrival times.
    public var durationSeconds: Double?
    public var meanRateRps: Double?
    public var meanPrompt: Double
    public var meanOutput: Double
    public var promptPercentiles: Percentiles<Int>?
    public var outputPercentiles: Percentiles<Int>?
    /// Mean prompt length in 512-token hash blocks, where the trace has them (Mooncake).
    public var meanPromptBlocks: Double?

    /// Reads the whole trace.
    ///
    /// - Complexity: O(n log n) in the requests (the percentiles sort them); O(n) memory.
    public init(path: String) throws {
        var reader = try TraceReader(path: path)
        var prompts: [Int] = [], outputs: [Int] = []
        var last = 0.0, blocks = 0, blockRows = 0
        while let r = try reader.next() {
            prompts.append(r.prompt); outputs.append(r.output)
            last = r.arrival ?? last
            if let b = r.promptBlocks { blocks += b; blockRows += 1 }
        }
        let hasArrivals = reader.format.hasArrivals
        self.path = path
        format = reader.format
        requests = prompts.count
        durationSeconds = hasArrivals ? last : nil
        meanRateRps = hasArrivals && last > 0 ? Double(prompts.count - 1) / last : nil
        meanPrompt = Double(prompts.reduce(0, +)) / Double(prompts.count)
        meanOutput = Double(outputs.reduce(0, +)) / Double(outputs.count)
        promptPercentiles = Percentiles(prompts)
        outputPercentiles = Percentiles(outputs)
        meanPromptBlocks = blockRows > 0 ? Double(blocks) / Double(blockRows) : nil
    }
}
