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

    public init(name: String, gpu: String, gpusPerInstance: Int, model: String, tensorParallel: Int,
                kvCapacityTokens: Int, pricePerGPUHour: Double, provenance: String) {
        self.name = name
        self.gpu = gpu
        self.gpusPerInstance = gpusPerInstance
        self.model = model
        self.tensorParallel = tensorParallel
        self.kvCapacityTokens = kvCapacityTokens
        self.pricePerGPUHour = pricePerGPUHour
        self.provenance = provenance
    }
}
