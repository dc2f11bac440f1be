import Foundation
import Profiling

/// Fits a serving engine's two terms, its time per iteration and per request,
/// to measured serving runs, and measures each whole group left out.
///
/// The per-iteration time is chosen from ``iterationGrid`` (each value is one
/// simulation of every run); the per-request time then follows in closed
/// form, since it delays every request's first token and last token by
/// itself and nothing else: the mean gap between the measured and the
/// simulated TTFT over the fitted runs, at least 0. The score is the sum of
/// squared log ratios of mean E2E and mean TTFT.
public struct EngineServingFit: Sendable {
    public static let iterationGrid = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]

    public struct Fitted: Sendable, Codable, Equatable {
        public var iterationOverheadMs: Double
        public var requestOverheadMs: Double
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

    /// Simulated means at each grid value with no per-request time, `[run][grid]`.
    public let simulated: [[ServingRunReplay.Outcome]]
    public let runs: [ServingRun]

    /// Simulates every run at every grid value. O(runs · grid · simulation).
    public init(runs: [ServingRun], parameters: RooflineParameters, progress: (Int, Int) -> Void = { _, _ in }) throws {
        self.runs = runs
        var table: [[ServingRunReplay.Outcome]] = []
        for (i, run) in runs.enumerated() {
            table.append(try Self.iterationGrid.map { g in
                try ServingRunReplay(parameters: parameters, iterationOverheadMs: g, requestOverheadMs: 0).replay(run)
            })
            progress(i + 1, runs.count)
        }
        simulated = table
    }

    /// The fit on the runs at `indices`.
    public func fit(_ indices: [Int]) -> Fitted {
        var best: (score: Double, fitted: Fitted)? = nil
        for g in Self.iterationGrid.indices {
            let gaps = indices.map { runs[$0].measured["ttft_mean"]! - simulated[$0][g].ttftMean }
            let request = max(0, gaps.reduce(0, +) / Double(max(gaps.count, 1)))
            var score = 0.0
            for i in indices {
                let s = simulated[i][g], m = runs[i].measured
                score += pow(log((s.e2eMean + request) / m["e2e_mean"]!), 2) + pow(log((s.ttftMean + request) / m["ttft_mean"]!), 2)
            }
            if best == nil || score < best!.score {
                best = (score, Fitted(iterationOverheadMs: Self.iterationGrid[g], requestOverheadMs: request, runs: indices.count))
            }
        }
        return best!.fitted
    }

    /// Relative errors (E2E, TTFT) of run `i` under `fitted`.
    public func errors(_ i: Int, _ fitted: Fitted) -> (e2e: Double, ttft: Double) {
        let g = Self.iterationGrid.firstIndex(of: fitted.iterationOverheadMs)!
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

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
