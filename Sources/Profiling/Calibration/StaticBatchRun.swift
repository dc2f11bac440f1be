/// One measured static batch: `batch` requests of `length` prompt tokens,
/// each generating `length` tokens, submitted together to an engine's offline
/// `generate()`; the time until the whole batch is done.
public struct StaticBatchRun: Sendable, Hashable {
    /// GPU as named in ``GPUSpec/catalogue``.
    public var gpu: String
    /// Model as named in ``ModelArchitecture/catalogue``.
    public var model: String
    public var engine: ServingEngine
    public var tensorParallel: Int
    public var batch: Int
    /// Prompt length, equal to the output length.
    public var length: Int
    public var latencyMs: Double
    /// Where the row is, for messages.
    public var line: Int

    public init(gpu: String, model: String, engine: ServingEngine, tensorParallel: Int, batch: Int, length: Int, latencyMs: Double, line: Int = 0) {
        self.gpu = gpu
        self.model = model
        self.engine = engine
        self.tensorParallel = tensorParallel
        self.batch = batch
        self.length = length
        self.latencyMs = latencyMs
        self.line = line
    }

    /// The value of one grouping of this run: its GPU, model or TP degree.
    public func group(_ by: StaticBatchCorpus.Grouping) -> String {
        switch by {
        case .gpu: gpu
        case .model: model
        case .tensorParallel: "TP\(tensorParallel)"
        }
    }
}
