import Profiling

/// What `planner profile check` reports of a profile: its deployment, the
/// iteration time at a few token batches, and the largest batch within a few
/// TPOT budgets.
public struct ProfileCheck: Encodable, Sendable {
    public static let batches: [Double] = [1, 8, 32, 128, 512, 2048]
    public static let budgetsMs: [Double] = [20, 30, 50, 100]

    public var name, gpu, model: String
    public var tensorParallel, gpusPerInstance, kvCapacityTokens: Int
    public var pricePerGpuHour: Double
    public var gridPoints: Int
    public var iterationMsAtBatch: [String: Double]
    public var largestBatchWithinMs: [String: Double]
    public var provenance: String
    /// `weights fp8, kv fp8`; absent for bf16.
    public var precision: String?

    public init(_ profile: LatencyProfile) {
        let m = profile.metadata
        name = m.name; gpu = m.gpu; model = m.model
        tensorParallel = m.tensorParallel; gpusPerInstance = m.gpusPerInstance; kvCapacityTokens = m.kvCapacityTokens
        pricePerGpuHour = m.pricePerGPUHour
        gridPoints = profile.table.values.count
        iterationMsAtBatch = Dictionary(uniqueKeysWithValues: Self.batches.map { (ProfileFormat.number($0), profile.decodeIterationMs(tokenBatch: $0, kvTokens: 0)) })
        largestBatchWithinMs = Dictionary(uniqueKeysWithValues: Self.budgetsMs.map { (ProfileFormat.number($0), profile.largestTokenBatch(withinMs: $0, kvTokens: 0)) })
        provenance = m.provenance
        precision = m.precision.isDefault ? nil : m.precision.description
        tokenBatches = profile.table.tokenBatches.count
        kvSizes = profile.table.kvTokens.count
    }

    private var tokenBatches = 0, kvSizes = 0
    private enum CodingKeys: String, CodingKey {
        case name, gpu, model, tensorParallel, gpusPerInstance, kvCapacityTokens, pricePerGpuHour, gridPoints, iterationMsAtBatch, largestBatchWithinMs, provenance
    }

    /// The terminal text, headed by the file checked.
    public func consoleSummary(file: String) -> String {
        var lines = ["\(file): OK",
                     "\(name): \(model)\(precision.map { " (\($0))" } ?? "") on \(gpusPerInstance) × \(gpu) (TP \(tensorParallel)), $\(fmt(pricePerGpuHour))/GPU-hour",
                     "KV capacity \(kvCapacityTokens) tokens; grid \(tokenBatches) token batches × \(kvSizes) KV sizes"]
        var table = TextTable(header: ["token batch", "iteration ms (no KV)"])
        for b in Self.batches { table.rows.append([ProfileFormat.number(b), fmt(iterationMsAtBatch[ProfileFormat.number(b)]!)]) }
        lines.append(table.render())
        var inverse = TextTable(header: ["TPOT budget ms", "largest token batch"])
        for s in Self.budgetsMs { inverse.rows.append([ProfileFormat.number(s), fmt(largestBatchWithinMs[ProfileFormat.number(s)]!, 0)]) }
        lines.append(inverse.render())
        lines.append("provenance: \(provenance)")
        return lines.joined(separator: "\n")
    }
}
