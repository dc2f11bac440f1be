import Profiling

/// What `profile generate` makes a profile from: a catalogue GPU, a model
/// (from the catalogue or a Hugging Face config), the serving engine whose
/// fitted terms it records, and the deployment's own settings.
public struct ProfileRecipe: Sendable {
    public enum Model: Sendable {
        case catalogue(ModelArchitecture)
        /// A Hugging Face `config.json`, with the name to give the model (default: the config's).
        case huggingFaceConfig(path: String, name: String?)
    }

    public var gpu: GPUSpec
    public var model: Model
    public var tensorParallel = 1
    public var engine: ServingEngine = .vllm015
    /// The framework's per-iteration floor in ms; `nil`: the engine's.
    public var iterationFloorMs: Double?
    /// Dollars per GPU-hour; `nil`: the catalogue's.
    public var pricePerGPUHour: Double?
    /// Share of GPU memory the engine may use (vLLM's gpu_memory_utilization).
    public var memoryUtilisation = 0.9
    /// The engine's running-request cap (vLLM's max_num_seqs); `nil`: the engine's.
    public var maxRunningRequests: Int?
    /// How far the profile's latencies may be off, as a fraction; `nil`: unvalidated.
    public var latencyBand: Double?
    /// A `planner validate --write-bands` file to take the band from.
    public var bandsPath: String?
    /// The weights' and KV cache's formats; `nil`: the config's quantisation, else bf16.
    public var weights: NumberFormat?
    public var kvCache: NumberFormat?
    /// Expert parallelism and data-parallel attention over the `tensorParallel` GPUs.
    public var layout = ParallelLayout.tensor

    public init(gpu: GPUSpec, model: Model, tensorParallel: Int = 1, engine: ServingEngine = .vllm015, iterationFloorMs: Double? = nil,
                pricePerGPUHour: Double? = nil, memoryUtilisation: Double = 0.9, maxRunningRequests: Int? = nil, latencyBand: Double? = nil,
                bandsPath: String? = nil, weights: NumberFormat? = nil, kvCache: NumberFormat? = nil) {
        self.gpu = gpu
        self.model = model
        self.tensorParallel = tensorParallel
        self.engine = engine
        self.iterationFloorMs = iterationFloorMs
        self.pricePerGPUHour = pricePerGPUHour
        self.memoryUtilisation = memoryUtilisation
        self.maxRunningRequests = maxRunningRequests
        self.latencyBand = latencyBand
        self.bandsPath = bandsPath
        self.weights = weights
        self.kvCache = kvCache
    }

    /// A recipe field outside its physical range, named by its `profile generate` flag.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Refuses a field outside its range before any of it reaches the roofline or an allocation.
    public func check() throws(Invalid) {
        func need(_ holds: Bool, _ message: String) throws(Invalid) { if !holds { throw Invalid(description: message) } }
        try need(memoryUtilisation.isFinite && (0.05...1).contains(memoryUtilisation), "--gpu-memory-utilization must be from 0.05 to 1")
        try need(maxRunningRequests.map { (1...1_000_000).contains($0) } ?? true, "--max-num-seqs must be between 1 and 1000000")
        try need((1...64).contains(tensorParallel), "--tp must be between 1 and 64")
        try need(pricePerGPUHour.map { $0.isFinite && (0...10_000).contains($0) } ?? true, "--price must be from 0 to 10000 dollars per GPU-hour")
        try need(iterationFloorMs.map { $0.isFinite && (0...10_000).contains($0) } ?? true, "--floor-ms must be from 0 to 10000 ms")
        try need(latencyBand.map { $0.isFinite && $0 > 0 && $0 < 1 } ?? true, "--latency-band must be a fraction between 0 and 1 (0.15 is ±15 %)")
        try need(latencyBand == nil || bandsPath == nil, "give --latency-band or --bands, not both")
        try need(engine.runs(layout), "\(engine.rawValue) has no \(layout.expertParallel ? "expert parallelism" : "data-parallel attention"); generate with --engine vllm-0.15, tensorrt-llm or none")
        try need(kvCache.map { Precision.kvFormats.contains($0) } ?? true,
                 "--kv must be one of \(Precision.kvFormats.map(\.rawValue).joined(separator: ", ")) (engines keep no 4-bit KV cache)")
    }

    /// The profile, and notes for the user (what a config held that is not
    /// modelled; a bands file without a figure for this deployment).
    public func profile() throws -> (profile: LatencyProfile, notes: [String]) {
        try check()
        var notes: [String] = []
        var parameters = engine.kernels()
        if let iterationFloorMs { parameters.iterationFloorMs = iterationFloorMs }
        var architecture: ModelArchitecture
        switch model {
        case .catalogue(let a): architecture = a
        case .huggingFaceConfig(let path, let name):
            let read = try ModelArchitecture.huggingFaceConfig(path: path, name: name)
            architecture = read.model
            if !read.ignored.isEmpty { notes.append("\(path): not modelled: \(read.ignored.joined(separator: ", "))") }
        }
        if let weights { architecture.precision.weights = weights }
        if let kvCache { architecture.precision.kvCache = kvCache }
        var profile = try RooflineGenerator.profile(model: architecture, gpu: gpu, tensorParallel: tensorParallel, parameters: parameters,
                                                    pricePerGPUHour: pricePerGPUHour, memoryUtilisation: memoryUtilisation, layout: layout)
        engine.apply(to: &profile.metadata)
        if let maxRunningRequests { profile.metadata.maxRunningRequests = maxRunningRequests }
        profile.metadata.latencyBand = latencyBand
        if let bandsPath {
            let table = try LatencyBands.read(path: bandsPath)
            let m = profile.metadata
            if let found = table.band(engine: engine.rawValue, gpu: m.gpu, model: m.model), found.band > 0 {
                profile.metadata.latencyBand = found.band
                profile.metadata.provenance += "; latency band \(fmt(found.band * 100, 1)) %: held-out mean-E2E error of \(m.gpu) \(fmt(found.gpuError * 100, 1)) % and \(m.model) \(fmt(found.modelError * 100, 1)) % on \(engine.rawValue) (\(table.source))"
            } else {
                notes.append("\(bandsPath) lacks a held-out figure for \(m.gpu) or for \(m.model) on \(engine.rawValue); the profile is not validated (plans apply \(fmt(LatencyRange.unvalidatedBand * 100, 0)) % and warn)")
            }
        }
        return (profile, notes)
    }
}
