import Foundation
import Profiling

extension ProfileFit {
    /// One run's errors with every run in the fit and with it left out.
    public struct RunErrors: Sendable, Codable, Equatable {
        public var run: String
        public var source: String
        public var checksum: String
        public var measuredMs: [String: Double]
        /// (simulated − measured) / measured, by metric, with the run in the fit.
        public var inSample: [String: Double]
        /// The same with the run left out of the fit.
        public var leftOut: [String: Double]
        /// The terms fitted on the other runs.
        public var leftOutTerms: Terms
    }

    /// Median and largest |error| of one metric over the runs.
    public struct MetricSummary: Sendable, Codable, Equatable {
        public var metric: ServingMetric
        public var runs: Int
        public var inSampleMedian: Double
        public var inSampleMax: Double
        public var leftOutMedian: Double
        public var leftOutMax: Double
    }

    public struct Result: Sendable, Codable, Equatable {
        public var terms: Terms
        public var runs: [RunErrors]
        public var metrics: [MetricSummary]
        /// The profile's latency band: the largest left-out |error| of a
        /// run's centre of E2E (of any centre where no run measured E2E).
        public var band: Double
    }

    /// Fits on every run, refuses a fit that cannot tell a term's range
    /// apart or leaves a run above ``Settings/maxError``, then fits once per
    /// run left out. O(runs² · grid · request grid · metrics).
    public func result() throws -> Result {
        let all = Array(runs.indices)
        let (terms, point) = fit(all)
        try checkIdentified(all)
        try checkWithinLimit(point: point, terms: terms)
        var rows: [RunErrors] = []
        for i in runs.indices {
            let (outTerms, outPoint) = fit(all.filter { $0 != i })
            func named(_ e: [ServingMetric: Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: e.map { ($0.key.description, $0.value) }) }
            rows.append(RunErrors(run: runs[i].name, source: runs[i].source, checksum: runs[i].checksum,
                                  measuredMs: named(runs[i].measured), inSample: named(errors(i, point: point, terms: terms)),
                                  leftOut: named(errors(i, point: outPoint, terms: outTerms)), leftOutTerms: outTerms))
        }
        let metrics = Set(runs.flatMap(\.measured.keys)).sorted().map { m in
            let having = rows.filter { $0.inSample[m.description] != nil }
            let inside = having.map { abs($0.inSample[m.description]!) }, out = having.map { abs($0.leftOut[m.description]!) }
            return MetricSummary(metric: m, runs: having.count, inSampleMedian: median(inside), inSampleMax: inside.max()!,
                                 leftOutMedian: median(out), leftOutMax: out.max()!)
        }
        let central = metrics.filter { $0.metric.statistic.isCentral }
        let e2e = central.filter { $0.metric.quantity == .e2e }
        let band = (e2e.isEmpty ? central : e2e).map(\.leftOutMax).max() ?? .infinity
        return Result(terms: terms, runs: rows, metrics: metrics, band: band)
    }

    /// Refuses when a term's lowest and highest values both fit within the
    /// tolerance of the best (its profile score over the other terms).
    func checkIdentified(_ indices: [Int]) throws {
        let n = Double(indices.reduce(0) { $0 + runs[$1].centralMetrics.count })
        func rms(_ score: Double) -> Double { (score / n).squareRoot() }
        let bestPerPoint = points.indices.map { bestRequest(indices, $0) }
        let best = rms(bestPerPoint.map(\.score).min()!)
        let tolerance = settings.identificationTolerance
        func check(_ term: String, unit: String, values: [Double], score: (Double) -> Double) throws {
            guard let lo = values.min(), let hi = values.max(), lo < hi else { return }
            if rms(score(lo)) <= best + tolerance, rms(score(hi)) <= best + tolerance {
                throw ProfileFitError.notIdentified(term: term, from: lo, to: hi, unit: unit, tolerance: tolerance)
            }
        }
        func pointsBest(_ keep: (Point) -> Bool) -> Double {
            points.indices.filter { keep(points[$0]) }.map { bestPerPoint[$0].score }.min() ?? .infinity
        }
        try check("per-step time", unit: "ms", values: settings.iterationGridMs) { v in pointsBest { $0.iterationMs == v } }
        try check("per-request time", unit: "ms", values: settings.requestGridMs) { r in
            points.indices.map { score(indices, $0, requestMs: r) }.min()!
        }
        if let grid = settings.computeGrid {
            try check("dense GEMM efficiency", unit: "of peak", values: grid) { c in pointsBest { kernelPoints[$0.kernel].computeEfficiency == c } }
        }
        if let grid = settings.expertComputeGrid {
            try check("MoE expert GEMM efficiency", unit: "of peak", values: grid) { c in pointsBest { kernelPoints[$0.kernel].expertComputeEfficiency == c } }
        }
    }

    /// Refuses when the fit leaves any run's centre beyond the limit, saying which and the likely cause.
    func checkWithinLimit(point: Int, terms: Terms) throws {
        var offenders: [ProfileFitError.Offender] = []
        for i in runs.indices {
            let e = errors(i, point: point, terms: terms)
            let off = runs[i].centralMetrics.filter { !(abs(e[$0]!) <= settings.maxError) }
            guard !off.isEmpty else { continue }
            let tpotOff = off.contains { $0.quantity == .tpot }
            let why = replayed[i][point].unfinished > 0
                ? "the replay's queue never drains: the profile serves this load slower than the engine did"
                : tpotOff ? "the time per step differs: another GPU, TP degree, precision or engine version than the profile's, or a running cap that binds"
                : "the first-token path differs: prefix caching, the token budget, or time the client spends outside the engine"
            for m in off {
                offenders.append(.init(run: runs[i].name, metric: m, measuredMs: runs[i].measured[m]!,
                                       simulatedMs: simulated(i, point, m, requestMs: terms.requestOverheadMs), error: e[m]!, why: why))
            }
        }
        if !offenders.isEmpty { throw ProfileFitError.offModel(offenders, limit: settings.maxError) }
    }
}
