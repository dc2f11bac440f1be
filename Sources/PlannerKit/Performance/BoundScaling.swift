import Foundation
import Profiling

/// How the bound's sizing problem grows with tiers, GPU types and length
/// buckets: each size solved `repeats` times on a synthetic workload, the
/// median solve time reported with the model's size and status.
public struct BoundScaling: Sendable {
    /// The GPU types, in the order sizes take them (a size with `k` types uses the first `k`).
    public var profiles: [LatencyProfile]
    public var repeats: Int
    /// (tiers, GPU types, buckets per tier), smallest first.
    public var sizes: [(tiers: Int, types: Int, buckets: Int)] = [
        (2, 1, 1), (4, 2, 2), (8, 1, 4), (8, 2, 4), (8, 4, 1), (8, 4, 2), (8, 4, 4), (8, 4, 8), (16, 4, 4),
    ]

    /// The first four Llama-3.1-8B TP1 profiles (alphabetically) in `folder`; fewer leave the larger sizes out.
    public init(profilesIn folder: String, repeats: Int) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix("8b-tp1.csv") }.sorted().prefix(4)
        self.init(profiles: try files.map { try ProfileFormat.read(path: "\(folder)/\($0)") }, repeats: repeats)
    }

    public init(profiles: [LatencyProfile], repeats: Int) {
        self.profiles = profiles
        self.repeats = max(repeats, 1)
    }

    /// One row per size that `profiles` has enough types for.
    public func run() throws -> TextTable {
        var table = TextTable(header: ["tiers", "GPU types", "buckets", "variables", "constraints", "status", "median ms"])
        for size in sizes where size.types <= profiles.count {
            var options = BoundProblem.Options()
            options.bucketsPerTier = size.buckets
            let workload = Self.workload(tiers: size.tiers)
            var times: [Double] = []
            var last: BoundSolution? = nil
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                // Building the problem (its regions) is part of what a plan waits for.
                last = try BoundProblem(workload: workload, profiles: Array(profiles.prefix(size.types)),
                                        objective: .sizing(byCost: true), options: options).solve()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            guard let last else { continue }
            times.sort()
            table.rows.append(["\(size.tiers)", "\(size.types)", "\(size.buckets)", "\(last.variables)", "\(last.constraints)",
                               last.status.rawValue, fmt(times[times.count / 2], 1)])
        }
        return table
    }

    /// Tiers with TPOT from 20 to 160 ms, ShareGPT-like lengths, 400 req/s in total.
    public static func workload(tiers: Int) -> Workload {
        let lengths = LengthModel.independent(prompt: .lognormal(median: 1100, sigma: 1.0, min: 1, max: 8192),
                                              output: .lognormal(median: 320, sigma: 0.8, min: 1, max: 1024))
        let tierList = (0..<tiers).map { i in
            Tier(name: "tier\(i)", tpotMs: 20 + Double(i) * 140 / Double(max(tiers - 1, 1)), ttftChoicesMs: [300, 500, 1000],
                 ttftProbabilities: [1.0 / 3, 1.0 / 3, 1.0 / 3], share: 1 / Double(tiers), lengths: lengths)
        }
        return Workload(name: "bench", description: "", tiers: tierList, arrivals: .poisson(rate: 400), mixChange: nil,
                        runLength: .requests(1), warmupSeconds: 0, attainmentTarget: 0.9, seed: 1, profilePaths: [],
                        prices: [:], sourcePath: "bench", sourceChecksum: "")
    }
}
