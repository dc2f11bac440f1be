import Foundation
import Profiling

/// Fits a serving engine's terms to measured serving runs, and measures each
/// whole group left out: the fraction of peak FLOP/s its dense GEMMs reach and
/// its MoE expert GEMMs reach, whether its GEMMs hide their arithmetic behind
/// their weight reads, the fraction of link bandwidth its all-reduces reach,
/// its time per iteration and its time per request. Weight reads run at the
/// efficiency `parameters` give (each GPU's per-operator figure where nil).
///
/// All but the last are chosen from a grid (each point one simulation of
/// every run): the kernels an engine ships (and the GPU generation it was
/// tuned for) set how close its GEMMs and all-reduces come to peak, which
/// static batches of other engines cannot tell. The per-request time needs
/// no simulation, since it delays every request's first token and last token
/// by itself and nothing else: at each grid point it is the one (0 to 60 ms)
/// that minimises the score, the sum of squared log ratios of mean E2E and
/// mean TTFT (a mean gap in ms would let the slowest run rule it). The dense
/// GEMM grid stops at 0.85 of the datasheet peak, past what bf16 GEMMs reach.
/// A fit with no MoE run cannot see the expert efficiency and takes the dense one.
public struct EngineServingFit: Sendable {
    public static let iterationGrid = [0.5, 1.0, 2.0]
    public static let computeGrid = [0.55, 0.65, 0.75, 0.85]
    /// Fused MoE kernels reach less of peak than dense GEMMs at prefill
    /// sizes, so the expert grid reaches lower.
    public static let expertComputeGrid = [0.25, 0.35, 0.45] + computeGrid
    public static let interconnectGrid = [0.5, 0.9]
    /// All-reduce kernel latencies, ms: a one-shot NVLink kernel's ~8 µs
    /// (vLLM's custom all-reduce; 2024's fitted 26 µs was never chosen).
    public static let allReduceGrid = [0.008]
    /// How GEMMs overlap weight reads with arithmetic (``RooflineParameters/overlapExponent``):
    /// the 2024 engines' 4-norm, or one after the other.
    public static let overlapGrid = [4.0, 1.0]
    /// One point of the grid: the engine's terms but its time per request.
    struct Combination: Hashable {
        var compute, expert, interconnect, allReduce, iteration, overlap: Double

        /// What a dense model's replay depends on: the point with no expert efficiency of its own.
        var dense: Combination { var c = self; c.expert = compute; return c }

        /// `base` with these kernel terms.
        func parameters(_ base: RooflineParameters) -> RooflineParameters {
            var p = base
            p.computeEfficiency = compute
            p.expertComputeEfficiency = expert
            p.interconnectEfficiency = interconnect
            p.allReduceLatencyMs = allReduce
            p.overlapExponent = overlap
            return p
        }
    }
    static let combinations: [Combination] = computeGrid.flatMap { c in expertComputeGrid.flatMap { x in
        interconnectGrid.flatMap { l in allReduceGrid.flatMap { a in iterationGrid.flatMap { i in
            overlapGrid.map { Combination(compute: c, expert: x, interconnect: l, allReduce: a, iteration: i, overlap: $0) }
        } } }
    } }

    public struct Fitted: Sendable, Codable, Equatable {
        public var computeEfficiency: Double
        public var expertComputeEfficiency: Double
        public var interconnectEfficiency: Double
        public var allReduceLatencyMs: Double
        public var iterationOverheadMs: Double
        public var requestOverheadMs: Double
        public var overlapExponent: Double
        public var runs: Int
    }

    /// One run's errors, with every run in the fit and with its group left out.
    public struct RunError: Sendable, Codable, Equatable {
        public var run: String
        public var measuredE2EMs: Double
        public var measuredTTFTMs: Double
        public var inSampleE2E: Double
        public var inSampleTTFT: Double
    }

    public struct GroupError: Sendable, Codable, Equatable {
        public var grouping: ServingCorpus.Grouping
        public var group: String
        public var runs: Int
        public var inSampleE2EMedian: Double
        public var inSampleTTFTMedian: Double
        public var heldOutE2EMedian: Double
        public var heldOutTTFTMedian: Double
        public var heldOutE2EBias: Double
        public var fitted: Fitted
    }

    /// Simulated means at each grid point with no per-request time, `[run][point]`.
    public let simulated: [[ServingRunReplay.Outcome]]
    public let runs: [ServingRun]
    /// Whether each run's model is a mixture of experts (the only runs the expert efficiency moves).
    let isMoE: [Bool]

    /// Simulates every run at every grid point (a dense run once per point
    /// that differs in more than the expert efficiency), the points of a run
    /// on `jobs` threads. O(runs · grid · simulation).
    public init(runs: [ServingRun], parameters: RooflineParameters, promptReuse: PromptReuse = .wholePrompts,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, progress: (Int, Int) -> Void = { _, _ in }) throws {
        self.runs = runs
        let isMoE = runs.map { ModelArchitecture.named($0.model)?.isMixtureOfExperts ?? false }
        self.isMoE = isMoE
        var table: [[ServingRunReplay.Outcome]] = []
        for (i, run) in runs.enumerated() {
            let keys = Self.combinations.map { isMoE[i] ? $0 : $0.dense }
            var distinct: [Combination] = []
            var seen: Set<Combination> = []
            for key in keys where seen.insert(key).inserted { distinct.append(key) }
            let outcomes = try parallelMap(distinct, jobs: jobs) { key -> ServingRunReplay.Outcome in
                var replay = ServingRunReplay(parameters: key.parameters(parameters), iterationOverheadMs: key.iteration, requestOverheadMs: 0)
                replay.promptReuse = promptReuse
                return try replay.replay(run)
            }
            let byKey = Dictionary(uniqueKeysWithValues: zip(distinct, outcomes))
            table.append(keys.map { byKey[$0]! })
            progress(i + 1, runs.count)
        }
        simulated = table
    }

    /// The fit on the runs at `indices`.
    public func fit(_ indices: [Int]) -> Fitted {
        var best: (score: Double, fitted: Fitted)? = nil
        let seesExperts = indices.contains { isMoE[$0] }
        for g in Self.combinations.indices where seesExperts || Self.combinations[g].expert == Self.combinations[g].compute {
            let (request, score) = bestRequestTime(indices, g)
            if best == nil || score < best!.score {
                let c = Self.combinations[g]
                best = (score, Fitted(computeEfficiency: c.compute, expertComputeEfficiency: c.expert, interconnectEfficiency: c.interconnect,
                                      allReduceLatencyMs: c.allReduce, iterationOverheadMs: c.iteration,
                                      requestOverheadMs: request, overlapExponent: c.overlap, runs: indices.count))
            }
        }
        return best!.fitted
    }

    /// Per-request times tried, ms: 0 to 60 in quarter milliseconds.
    static let requestGrid = (0...240).map { Double($0) / 4 }

    /// The per-request time that minimises the score at grid point `g`, and the score.
    func bestRequestTime(_ indices: [Int], _ g: Int) -> (request: Double, score: Double) {
        var best = (request: 0.0, score: Double.infinity)
        for request in Self.requestGrid {
            var score = 0.0
            for i in indices {
                let s = simulated[i][g], m = runs[i].measured
                score += pow(log((s.e2eMean + request) / m["e2e_mean"]!), 2) + pow(log((s.ttftMean + request) / m["ttft_mean"]!), 2)
            }
            if score < best.score { best = (request, score) }
        }
        return best
    }

    /// The grid point `fitted` was chosen at.
    static func combination(of fitted: Fitted) -> Int {
        let c = Combination(compute: fitted.computeEfficiency, expert: fitted.expertComputeEfficiency, interconnect: fitted.interconnectEfficiency,
                            allReduce: fitted.allReduceLatencyMs, iteration: fitted.iterationOverheadMs, overlap: fitted.overlapExponent)
        return Self.combinations.firstIndex(of: c)!
    }

    /// The mean over runs of the share of prompt tokens the simulated caches served at `fitted`; `nil` without caching.
    public func prefixHitRate(_ fitted: Fitted) -> Double? {
        let g = Self.combination(of: fitted)
        let rates = simulated.compactMap { $0[g].prefixHitRate }
        return rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count)
    }

    /// Relative errors (E2E, TTFT) of run `i` under `fitted`.
    public func errors(_ i: Int, _ fitted: Fitted) -> (e2e: Double, ttft: Double) {
        let g = Self.combination(of: fitted)
        let s = simulated[i][g], m = runs[i].measured
        return ((s.e2eMean + fitted.requestOverheadMs) / m["e2e_mean"]! - 1, (s.ttftMean + fitted.requestOverheadMs) / m["ttft_mean"]! - 1)
    }

    public func runErrors(_ all: Fitted) -> [RunError] {
        runs.indices.map { i in
            let e = errors(i, all)
            return RunError(run: runs[i].name, measuredE2EMs: runs[i].measured["e2e_mean"]!, measuredTTFTMs: runs[i].measured["ttft_mean"]!,
                            inSampleE2E: e.e2e, inSampleTTFT: e.ttft)
        }
    }

    /// Over every run, each predicted by the fit without its group: the
    /// median of the absolute errors, which weighs each run once (a group's
    /// median weighs a group of one run like a group of sixteen).
    public struct HeldOutSummary: Sendable, Codable, Equatable {
        public var grouping: ServingCorpus.Grouping
        public var runs: Int
        public var e2eMedian: Double
        public var ttftMedian: Double
    }

    /// ``HeldOutSummary`` of `groups`, one grouping's ``heldOut(by:all:)``: each
    /// run under the fit its group was left out of. O(runs).
    public func heldOutSummary(_ groups: [GroupError]) -> HeldOutSummary? {
        guard let grouping = groups.first?.grouping else { return nil }
        var e2e: [Double] = [], ttft: [Double] = []
        for g in groups {
            for i in runs.indices where runs[i].group(grouping) == g.group {
                let e = errors(i, g.fitted)
                e2e.append(abs(e.e2e)); ttft.append(abs(e.ttft))
            }
        }
        return HeldOutSummary(grouping: grouping, runs: e2e.count, e2eMedian: median(e2e), ttftMedian: median(ttft))
    }

    public func heldOut(by grouping: ServingCorpus.Grouping, all: Fitted) -> [GroupError] {
        let groups = Array(Set(runs.map { $0.group(grouping) })).sorted()
        return groups.map { group in
            let test = runs.indices.filter { runs[$0].group(grouping) == group }
            let train = runs.indices.filter { runs[$0].group(grouping) != group }
            let fitted = fit(train)
            let inSample = test.map { errors($0, all) }, out = test.map { errors($0, fitted) }
            return GroupError(grouping: grouping, group: group, runs: test.count,
                              inSampleE2EMedian: median(inSample.map { abs($0.e2e) }), inSampleTTFTMedian: median(inSample.map { abs($0.ttft) }),
                              heldOutE2EMedian: median(out.map { abs($0.e2e) }), heldOutTTFTMedian: median(out.map { abs($0.ttft) }),
                              heldOutE2EBias: median(out.map(\.e2e)), fitted: fitted)
        }
    }
}
