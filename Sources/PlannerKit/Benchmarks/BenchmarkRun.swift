import Profiling

/// One run of a user's serving benchmark, as the fit replays it: how the
/// client sent requests, the lengths it sent, what the engine was set to, and
/// the figures the client measured.
public struct BenchmarkRun: Sendable {
    /// How the client sent its requests.
    public enum Load: Sendable, Equatable {
        /// `count` requests from one arrival process (a rate, a burst or a
        /// closed loop at a concurrency).
        case requests(ArrivalProcess, count: Int)
        /// Poisson stages, one after another, each at its rate for its seconds.
        case stages([LoadStage])
    }

    /// What the file says of the deployment it measured; `nil` where it does
    /// not say (vLLM's result file names the model but not the GPU).
    public struct Deployment: Sendable, Equatable {
        public var gpu: String?
        public var model: String?
        public var tensorParallel: Int?

        public init(gpu: String? = nil, model: String? = nil, tensorParallel: Int? = nil) {
            self.gpu = gpu
            self.model = model
            self.tensorParallel = tensorParallel
        }
    }

    public var name: String
    /// The file (and the selector within it) the run was read from.
    public var source: String
    /// SHA-256 of the source file, recorded in a fitted profile.
    public var checksum: String
    public var deployment: Deployment
    public var load: Load
    public var lengths: LengthModel
    /// Whether `lengths` are the run's own or an assumption the user supplied.
    public var lengthsMeasured: Bool
    /// The engine's token budget per iteration, where the file records it.
    public var tokenBudget: Int?
    /// The engine's running-request cap, where the file records it.
    public var maxRunningRequests: Int?
    /// The client's figures, ms.
    public var measured: [ServingMetric: Double]

    public init(name: String, source: String, checksum: String, deployment: Deployment, load: Load, lengths: LengthModel,
                lengthsMeasured: Bool, tokenBudget: Int? = nil, maxRunningRequests: Int? = nil, measured: [ServingMetric: Double]) {
        self.name = name
        self.source = source
        self.checksum = checksum
        self.deployment = deployment
        self.load = load
        self.lengths = lengths
        self.lengthsMeasured = lengthsMeasured
        self.tokenBudget = tokenBudget
        self.maxRunningRequests = maxRunningRequests
        self.measured = measured
    }

    /// The figures a fit matches: every measured centre (mean, median).
    public var centralMetrics: [ServingMetric] { measured.keys.filter(\.statistic.isCentral).sorted() }
}
