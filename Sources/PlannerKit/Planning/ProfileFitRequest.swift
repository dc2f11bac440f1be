import Profiling

/// What `profile fit` asks: the benchmark runs of one deployment, the
/// profile they measured, and what to fit.
public struct ProfileFitRequest: Sendable {
    /// Benchmark result files (vLLM `--save-result`, GuideLLM, genai-perf).
    public var measured: [String] = []
    /// The shared serving corpus's folder and the experiments of it to fit on.
    public var corpus: String?
    public var experiments: [String] = []
    /// The profile of the deployment the runs measured.
    public var profilePath: String
    /// Also fit the GEMM efficiencies, regenerating the table from the roofline of `engine`'s kernels.
    public var fitKernels = false
    public var engine: ServingEngine = .vllm015
    /// A workload whose first tier's lengths stand in for a result saved without them.
    public var fallbackWorkload: String?
    public var settings = ProfileFit.Settings()

    public init(profilePath: String) {
        self.profilePath = profilePath
    }

    /// Reads the runs and the profile, fits, and returns the result with the fitted profile.
    /// `starting` is told how many runs will be replayed before the fit begins.
    public func run(starting: (_ runs: Int, _ gridPoints: Int) -> Void = { _, _ in }) throws -> (result: ProfileFit.Result, profile: LatencyProfile) {
        let base = try ProfileFormat.read(path: profilePath)
        let fallback = try fallbackWorkload.map { try PlanningInputs.load(workload: $0).workload.tiers[0].lengths }
        var runs: [BenchmarkRun] = []
        for path in measured { runs += try BenchmarkFile.runs(path: path, fallback: fallback) }
        if let corpus, !experiments.isEmpty { runs += try ServingCorpus.load(folder: corpus).benchmarkRuns(experiments: experiments) }
        var settings = settings
        var regenerate: ((ProfileFit.KernelPoint) throws -> LatencyProfile)? = nil
        if fitKernels {
            settings.fitKernels(mixtureOfExperts: ModelArchitecture.named(base.metadata.model)?.isMixtureOfExperts ?? false)
            regenerate = try ProfileFit.regenerator(for: base, engine: engine)
        }
        starting(runs.count, settings.iterationGridMs.count * (settings.computeGrid?.count ?? 1) * (settings.expertComputeGrid?.count ?? 1))
        let fit = try ProfileFit(runs: runs, profile: base, settings: settings, regenerate: regenerate)
        let result = try fit.result()
        return (result, try fit.profile(from: base, result: result, regenerate: regenerate))
    }
}
