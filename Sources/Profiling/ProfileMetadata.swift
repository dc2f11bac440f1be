/// What a latency profile describes: hardware, model, parallelism, memory and price.
public struct ProfileMetadata: Sendable, Equatable, Codable {
    public var name: String
    /// GPU type as named in the catalogue, e.g. `H200`.
    public var gpu: String
    /// GPUs that one instance occupies (the tensor-parallel group).
    public var gpusPerInstance: Int
    public var model: String
    public var tensorParallel: Int
    /// Tokens of KV cache one instance holds.
    public var kvCapacityTokens: Int
    /// Hourly price of one GPU in US dollars.
    public var pricePerGPUHour: Double
    /// Where the numbers came from: a measured file and selectors, or the generator and its parameters.
    public var provenance: String
    /// Prefill attention, ms per million (query token, context token) pairs of
    /// the prefill chunks in an iteration, on top of the table. Zero where the
    /// table already holds it for the prompts measured (imported profiles) or
    /// the file predates the term.
    public var prefillAttentionMsPerMillionPairs: Double
    /// The engine's time per iteration outside the kernels (scheduling,
    /// sampling) that the table does not hold, ms, added to every iteration.
    public var iterationOverheadMs: Double
    /// The engine's time per running request in every iteration outside the
    /// kernels (building its inputs, sampling, detokenising), ms: an iteration
    /// of `n` requests costs `n` times this on top of the table.
    public var sequenceOverheadMs: Double
    /// The engine's time per request outside the iterations (API server,
    /// tokenisation, queueing before the first step), ms, added to every TTFT.
    public var requestOverheadMs: Double
    /// The engine's cap on requests in one batch (vLLM's `max_num_seqs`);
    /// `nil`: only the KV cache limits the batch.
    public var maxRunningRequests: Int?
    /// Steps the engine's scheduler runs ahead of the GPU: 0, it plans an
    /// iteration when the last one ends; 1, it plans iteration n + 1 while n
    /// runs (vLLM V1's async scheduling), so a request that arrives during an
    /// iteration waits one more before its first chunk. An idle engine plans
    /// at once either way.
    public var schedulerLookahead = 0
    /// How far this profile's latencies may be off, as a fraction (0.15: ±15 %),
    /// from a held-out validation of its family or the user's own; `nil`: not
    /// validated. A plan sizes the fleet at both edges of the band.
    public var latencyBand: Double?
    /// The formats the deployment serves the weights and the KV cache in.
    public var precision = Precision.bf16
    /// Expert parallelism and data-parallel attention over the instance's GPUs; tensor parallelism throughout by default.
    public var layout = ParallelLayout.tensor

    public init(name: String, gpu: String, gpusPerInstance: Int, model: String, tensorParallel: Int,
                kvCapacityTokens: Int, pricePerGPUHour: Double, provenance: String,
                prefillAttentionMsPerMillionPairs: Double = 0, iterationOverheadMs: Double = 0, sequenceOverheadMs: Double = 0,
                requestOverheadMs: Double = 0, maxRunningRequests: Int? = nil) {
        self.name = name
        self.gpu = gpu
        self.gpusPerInstance = gpusPerInstance
        self.model = model
        self.tensorParallel = tensorParallel
        self.kvCapacityTokens = kvCapacityTokens
        self.pricePerGPUHour = pricePerGPUHour
        self.provenance = provenance
        self.prefillAttentionMsPerMillionPairs = prefillAttentionMsPerMillionPairs
        self.iterationOverheadMs = iterationOverheadMs
        self.sequenceOverheadMs = sequenceOverheadMs
        self.requestOverheadMs = requestOverheadMs
        self.maxRunningRequests = maxRunningRequests
    }

    /// The server type a fleet counts: the GPU, with the group size when an
    /// instance spans several GPUs (`H200`, `H100-SXM TP4`). Two profiles of
    /// one plan must differ in it.
    public var serverType: String {
        (gpusPerInstance > 1 ? "\(gpu) \(layout.label(gpus: gpusPerInstance))" : gpu) + (precision.isDefault ? "" : " \(precision.compact)")
    }
}
