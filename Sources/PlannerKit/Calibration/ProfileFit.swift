import Foundation
import Profiling

/// Fits a profile's engine terms (and, on request, its kernel efficiencies)
/// to a user's own benchmark runs of one deployment, and checks each run on a
/// fit of the others.
///
/// The per-step time (the engine's time per iteration outside the kernels)
/// and any kernel efficiency are chosen from grids within their physical
/// ranges, each grid point one replay of every run. The per-request time
/// needs no replay: it delays every request's first and last token by itself
/// and moves no other request, so at each grid point it is the value (0 to
/// 60 ms) that minimises the score, the sum over runs of the squared log
/// ratios of every measured centre (mean, median) of TTFT, TPOT and E2E. A
/// tail (p90, p99) is reported, not fitted: it belongs to the arrivals as
/// much as to the engine.
///
/// Cost: O(runs · grid points · simulation) to build; a fit is
/// O(runs · grid points · request grid · metrics).
public struct ProfileFit: Sendable {
    public struct Settings: Sendable {
        /// Per-step times tried, ms: a serving engine's host-side scheduling,
        /// sampling and launch between kernels.
        public var iterationGridMs: [Double] = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4]
        /// Per-request times tried, ms: API server, tokenisation, first scheduling.
        public var requestGridMs: [Double] = (0...240).map { Double($0) / 4 }
        /// Dense GEMM efficiencies tried with `--kernels`; `nil` keeps the profile's table.
        public var computeGrid: [Double]? = nil
        /// MoE expert GEMM efficiencies tried with `--kernels` on an MoE model.
        public var expertComputeGrid: [Double]? = nil
        /// Token budget of runs whose file does not record it.
        public var tokenBudget = 2048
        /// The fit is refused when any run's centre is further off than this.
        public var maxError = 0.15
        /// A term is identified when its whole range does not fit within this
        /// much RMS log error of the best: about the run-to-run spread of a
        /// benchmark's mean latency, below which two fits cannot be told apart.
        public var identificationTolerance = 0.03
        public var seed: UInt64 = 1
        /// Replays run at once (each deterministic on its own, so the fit is the same at any count).
        public var jobs = ProcessInfo.processInfo.activeProcessorCount

        public init() {}

        /// The kernel grids of `--kernels`: the dense range bf16 GEMMs reach,
        /// and a lower reach for fused expert GEMMs.
        public mutating func fitKernels(mixtureOfExperts: Bool) {
            computeGrid = EngineServingFit.computeGrid
            expertComputeGrid = mixtureOfExperts ? EngineServingFit.expertComputeGrid : nil
        }
    }

    /// Kernel efficiencies of one regenerated table; `nil` fields keep the profile's.
    public struct KernelPoint: Sendable, Hashable {
        public var computeEfficiency: Double?
        public var expertComputeEfficiency: Double?
    }

    /// The fitted terms.
    public struct Terms: Sendable, Codable, Equatable {
        public var iterationOverheadMs: Double
        public var requestOverheadMs: Double
        public var computeEfficiency: Double?
        public var expertComputeEfficiency: Double?
    }

    struct Point: Sendable {
        var kernel: Int
        var iterationMs: Double
    }

    public let runs: [BenchmarkRun]
    public let settings: Settings
    let kernelPoints: [KernelPoint]
    let points: [Point]
    /// Replays at each grid point with no per-request time, `[run][point]`.
    let replayed: [[BenchmarkRun.Replayed]]

    /// Checks the runs against each other and against `profile`, then replays
    /// every run at every grid point, on ``Settings/jobs`` threads. `regenerate` builds the table at a
    /// kernel point (needed only when the settings fit kernels).
    public init(runs: [BenchmarkRun], profile: LatencyProfile, settings: Settings = Settings(),
                regenerate: ((KernelPoint) throws -> LatencyProfile)? = nil) throws {
        guard runs.count >= 2 else { throw ProfileFitError.tooFewRuns(runs.count) }
        for run in runs where run.centralMetrics.isEmpty { throw ProfileFitError.nothingToMatch(run: run.name) }
        try Self.checkDeployment(runs, profile: profile.metadata)
        self.runs = runs
        self.settings = settings
        let computes: [Double?] = settings.computeGrid ?? [nil]
        let experts: [Double?] = settings.expertComputeGrid ?? [nil]
        kernelPoints = computes.flatMap { c in experts.map { KernelPoint(computeEfficiency: c, expertComputeEfficiency: $0) } }
        points = kernelPoints.indices.flatMap { k in settings.iterationGridMs.map { Point(kernel: k, iterationMs: $0) } }
        var tables: [LatencyProfile] = []
        for k in kernelPoints {
            if k.computeEfficiency == nil, k.expertComputeEfficiency == nil { tables.append(profile); continue }
            guard let regenerate else { throw ProfileFitError.kernelsNeedCatalogue(gpu: profile.metadata.gpu, model: profile.metadata.model) }
            tables.append(try regenerate(k))
        }
        let budget = settings.tokenBudget, seed = settings.seed, points = points, frozen = tables
        let cells = runs.indices.flatMap { i in points.indices.map { (run: i, point: $0) } }
        let flat = try parallelMap(cells, jobs: settings.jobs) { cell in
            let run = runs[cell.run], point = points[cell.point]
            var p = frozen[point.kernel]
            p.metadata.iterationOverheadMs = point.iterationMs
            p.metadata.requestOverheadMs = 0
            if let cap = run.maxRunningRequests { p.metadata.maxRunningRequests = cap }
            return try run.replay(on: p, tokenBudget: run.tokenBudget ?? budget, seed: seed)
        }
        let replayed = runs.indices.map { i in Array(flat[(i * points.count)..<((i + 1) * points.count)]) }
        self.replayed = replayed
    }

    /// Every run must name the same GPU, model and TP where it names them, and the profile's.
    static func checkDeployment(_ runs: [BenchmarkRun], profile: ProfileMetadata) throws {
        func model(_ id: String) -> String { ModelArchitecture.named(id)?.name ?? String(id.split(separator: "/").last ?? Substring(id)).lowercased() }
        let fields: [(String, (BenchmarkRun.Deployment) -> String?, String)] = [
            ("GPU", { $0.gpu }, profile.gpu),
            ("model", { $0.model.map(model) }, model(profile.model)),
            ("tensor parallelism", { $0.tensorParallel.map { "TP\($0)" } }, "TP\(profile.tensorParallel)"),
        ]
        for (field, value, profileValue) in fields {
            var byValue: [String: [String]] = [:]
            for run in runs { if let v = value(run.deployment) { byValue[v, default: []].append(run.name) } }
            if byValue.count > 1 { throw ProfileFitError.mixedDeployments(field: field, values: byValue) }
            if let (v, names) = byValue.first, v.lowercased() != profileValue.lowercased() {
                throw ProfileFitError.notTheProfile(run: names[0], field: field, measured: v, profile: profileValue)
            }
        }
    }
}

extension ProfileFit {
    /// The simulated figure of run `i` at grid point `p` with per-request time `requestMs`.
    func simulated(_ i: Int, _ p: Int, _ metric: ServingMetric, requestMs: Double) -> Double {
        guard let v = replayed[i][p].values[metric] else { return .nan }
        return metric.quantity == .tpot ? v : v + requestMs
    }

    /// Sum of squared log ratios over the runs' centres; a run whose replay
    /// never drained counts as far off.
    func score(_ indices: [Int], _ p: Int, requestMs: Double) -> Double {
        var s = 0.0
        for i in indices {
            if replayed[i][p].unfinished > 0 { s += 100; continue }
            for m in runs[i].centralMetrics {
                let r = simulated(i, p, m, requestMs: requestMs) / runs[i].measured[m]!
                s += r.isFinite && r > 0 ? pow(log(r), 2) : 100
            }
        }
        return s
    }

    /// The per-request time minimising the score at point `p`, and that score.
    func bestRequest(_ indices: [Int], _ p: Int) -> (requestMs: Double, score: Double) {
        var best = (requestMs: 0.0, score: Double.infinity)
        for r in settings.requestGridMs {
            let s = score(indices, p, requestMs: r)
            if s < best.score { best = (r, s) }
        }
        return best
    }

    /// The best terms on the runs at `indices`, and the grid point they sit on.
    public func fit(_ indices: [Int]) -> (terms: Terms, point: Int) {
        var best: (score: Double, point: Int, requestMs: Double)? = nil
        for p in points.indices {
            let (r, s) = bestRequest(indices, p)
            if best == nil || s < best!.score { best = (s, p, r) }
        }
        let point = points[best!.point], kernel = kernelPoints[point.kernel]
        return (Terms(iterationOverheadMs: point.iterationMs, requestOverheadMs: best!.requestMs,
                      computeEfficiency: kernel.computeEfficiency, expertComputeEfficiency: kernel.expertComputeEfficiency), best!.point)
    }

    /// Relative error of every measured figure of run `i` under the fit at `point`.
    public func errors(_ i: Int, point: Int, terms: Terms) -> [ServingMetric: Double] {
        var out: [ServingMetric: Double] = [:]
        for (m, measured) in runs[i].measured {
            let s = replayed[i][point].unfinished > 0 ? Double.infinity : simulated(i, point, m, requestMs: terms.requestOverheadMs)
            out[m] = s.isFinite ? s / measured - 1 : .infinity
        }
        return out
    }
}
