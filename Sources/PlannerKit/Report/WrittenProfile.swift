import Profiling

/// What `profile generate` and `profile import` report about the file they wrote.
public struct WrittenProfile: Encodable, Sendable {
    public var path: String
    public var name: String
    public var gpu: String
    public var model: String
    public var tensorParallel: Int
    public var kvCapacityTokens: Int
    public var batch1IterationMs: Double
    public var gridPoints: Int

    public init(path: String, profile: LatencyProfile) {
        let m = profile.metadata
        self.path = path
        name = m.name; gpu = m.gpu; model = m.model; tensorParallel = m.tensorParallel; kvCapacityTokens = m.kvCapacityTokens
        batch1IterationMs = profile.decodeIterationMs(tokenBatch: 1, kvTokens: 0)
        gridPoints = profile.table.values.count
    }

    public var consoleLine: String {
        "wrote \(path): \(name), batch-1 iteration \(fmt(batch1IterationMs)) ms, KV capacity \(kvCapacityTokens) tokens, \(gridPoints) grid points"
    }
}
