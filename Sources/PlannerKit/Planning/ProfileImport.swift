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

    /// The profile, and notes on what the import changed or found
    /// (batches whose time was lifted; how far the roofline is from the measurements).
    public func profile() throws -> (profile: LatencyProfile, notes: [String]) {
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
