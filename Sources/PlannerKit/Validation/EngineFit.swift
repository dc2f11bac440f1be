import Profiling

/// Fits the engine overheads (``ServingEngine``) to a manifest's calibration
/// scenarios only; the validation scenarios never inform it.
///
/// Two overheads are shared by every engine, since one engine alone does not
/// separate them: a time per iteration and a time per running request in
/// each iteration, chosen by grid search to minimise the squared relative
/// error of the calibration scenarios' median TPOT and batch latency. The
/// per-request overhead (API server, tokenisation) is each engine's own: the
/// mean gap between its calibration scenarios' measured and simulated median
/// TTFT, since a constant delay of every arrival shifts every TTFT by itself.
public enum EngineFit {
    public struct Result: Sendable, Codable, Equatable {
        public var iterationOverheadMs: Double
        public var sequenceOverheadMs: Double
        /// Per engine, by its raw value.
        public var requestOverheadMs: [String: Double]
        /// Root-mean-square relative error of the fitted TPOT and batch figures.
        public var rmsRelativeError: Double
        public var calibrationScenarios: [String]
    }

    /// The grid: iteration overheads 0-3 ms by 0.25, per-request 0-0.4 ms by 0.025.
    public static let iterationGrid = Array(stride(from: 0.0, through: 3.0, by: 0.25))
    public static let sequenceGrid = Array(stride(from: 0.0, through: 0.4, by: 0.025))

    /// - Parameters:
    ///   - scenarios: each calibration scenario with its profile; others are ignored.
    ///   - replay: the policy, budget and seed to replay with (its overrides are ignored).
    public static func fit(_ scenarios: [(scenario: ValidationManifest.Scenario, profile: LatencyProfile)], replay: ServingReplay,
                           iterationGrid: [Double] = iterationGrid, sequenceGrid: [Double] = sequenceGrid) throws -> Result? {
        let calibration = scenarios.filter { $0.scenario.sample == .calibration && $0.scenario.measured != nil }
        guard !calibration.isEmpty else { return nil }
        // Replays at no per-request overhead: TPOT and batch latency do not depend on it.
        func reports(iteration: Double, sequence: Double) throws -> [ServingReplay.Report] {
            try calibration.compactMap { item in
                var r = replay
                r.profile = item.profile
                r.iterationOverheadMs = iteration
                r.sequenceOverheadMs = sequence
                r.requestOverheadMs = 0
                return try r.replay(item.scenario, source: "fit")
            }
        }
        var best: (score: Double, iteration: Double, sequence: Double)? = nil
        for iteration in iterationGrid {
            for sequence in sequenceGrid {
                let errors = try reports(iteration: iteration, sequence: sequence)
                    .flatMap(\.comparisons).filter { $0.metric == "median TPOT" || $0.metric == "batch latency" }.compactMap(\.error)
                guard !errors.isEmpty else { continue }
                let score = errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)
                if best == nil || score < best!.score { best = (score, iteration, sequence) }
            }
        }
        guard let best else { return nil }
        // TTFT gaps at zero request overhead, per engine.
        var gaps: [String: [Double]] = [:]
        for report in try reports(iteration: best.iteration, sequence: best.sequence) {
            guard let engine = report.engine else { continue }
            for c in report.comparisons where c.metric == "median TTFT" {
                if let simulated = c.simulatedMs { gaps[engine.rawValue, default: []].append(c.measuredMs - simulated) }
            }
        }
        let request = gaps.mapValues { max(0, ($0.reduce(0, +) / Double($0.count)).rounded()) }
        return Result(iterationOverheadMs: best.iteration, sequenceOverheadMs: best.sequence, requestOverheadMs: request,
                      rmsRelativeError: best.score.squareRoot(), calibrationScenarios: calibration.map(\.scenario.name))
    }
}
