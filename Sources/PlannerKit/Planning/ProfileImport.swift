import Profiling

/// What `profile import` reads: measured latencies in another tool's format,
/// turned into a profile.
public struct ProfileImport: Sendable {
    public enum Source: String, Sendable, CaseIterable {
        /// splitwise-sim's perf_model.csv.
        case splitwise
        /// DistServe's profiler JSON.
        case distserve
        /// Vidur's profiling folder (compute/ and network/).
        case vidur
    }

    public var source: Source
    public var path: String
    /// The model as the file names it.
    public var model: String
    /// The hardware as the file names it (splitwise, vidur) or a catalogue GPU (distserve; default A100-80GB).
    public var gpu: String?
    public var tensorParallel = 1
    public var kvCapacityTokens: Int?
    public var pricePerGPUHour: Double?

    public init(source: Source, path: String, model: String, gpu: String?) {
        self.source = source
        self.path = path
        self.model = model
        self.gpu = gpu
    }

    /// A request the importers cannot serve, named by its `profile import` flag.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Refuses a missing GPU or a field outside its range before any file is read.
    public func check() throws(Invalid) {
        func need(_ holds: Bool, _ message: String) throws(Invalid) { if !holds { throw Invalid(description: message) } }
        try need(source == .distserve || gpu != nil, source == .vidur ? "--gpu is required with --from vidur (a100 or h100)"
                                                                      : "--gpu is required with --from splitwise (e.g. --gpu h100-80gb)")
        try need((1...64).contains(tensorParallel), "--tp must be between 1 and 64")
        try need(pricePerGPUHour.map { $0.isFinite && (0...10_000).contains($0) } ?? true, "--price must be from 0 to 10000 dollars per GPU-hour")
        try need(kvCapacityTokens.map { (1...1_000_000_000_000).contains($0) } ?? true, "--kv-capacity must be between 1 and 1000000000000")
    }

    /// The profile, and notes on what the import changed or found
    /// (batches whose time was lifted; how far the roofline is from the measurements).
    public func profile() throws -> (profile: LatencyProfile, notes: [String]) {
        try check()
        switch source {
        case .splitwise:
            guard let gpu else { throw InputError(source: path, "splitwise needs the hardware as the file names it (e.g. h100-80gb)") }
            let result = try SplitwiseImporter.importProfile(path: path, model: model, hardware: gpu, tensorParallel: tensorParallel,
                                                             kvCapacityTokens: kvCapacityTokens, pricePerGPUHour: pricePerGPUHour)
            let lifted = result.liftedBatches.isEmpty ? [] : [
                "base time lifted to the running maximum at token batch \(result.liftedBatches.map { ProfileFormat.number($0) }.joined(separator: ", ")) (measured time fell as the batch grew)",
            ]
            return (result.profile, lifted)
        case .distserve:
            return (try DistServeImporter.importProfile(path: path, model: model, tensorParallel: tensorParallel, gpu: gpu ?? "A100-80GB",
                                                        kvCapacityTokens: kvCapacityTokens, pricePerGPUHour: pricePerGPUHour), [])
        case .vidur:
            guard let gpu else { throw InputError(source: path, "vidur needs the GPU as the folder names it (a100 or h100)") }
            let result = try VidurImporter.importProfile(directory: path, gpu: gpu, model: model, tensorParallel: tensorParallel,
                                                         kvCapacityTokens: kvCapacityTokens, pricePerGPUHour: pricePerGPUHour)
            let d = result.rooflineDifferences
            let gap = d.isEmpty ? [] : [
                "roofline vs imported over \(d.count) grid points: median \(fmt(percentile(sorted: d, 0.5) * 100, 1)) %, from \(fmt(d.first! * 100, 1)) % to \(fmt(d.last! * 100, 1)) %",
            ]
            return (result.profile, gap)
        }
    }
}
