@testable import PlannerKit
import Profiling

/// Hand-built fleets and requests for the rule-by-rule tests, whose numbers
/// are worked out in each test's comment.
enum TestFleets {
    /// Tiers given as (TPOT seconds, expected output); bins are the distinct TPOTs, tightest first.
    static func fleet(_ tiers: [(tpot: Double, expected: Double)], instances: Int?, profile: LatencyProfile) -> Fleet {
        let bins = Array(Set(tiers.map(\.tpot))).sorted()
        let table = TierTable(expected: tiers.map(\.expected), tpot: tiers.map(\.tpot),
                              bin: tiers.map { t in bins.firstIndex(of: t.tpot)! }, binTpotSeconds: bins)
        return Fleet(binTpotSeconds: bins, profile: profile, tiers: table, instances: instances)
    }

    /// One request of `prompt` tokens in `tier`, as the fleet holds it.
    static func slot(_ id: Int, tier: Int, prompt: Int, output: Int = 10, ttft: Double = 10, tpot: Double, expected: Double = 10,
                     at arrival: Double = 0) -> Slot {
        Slot(request: Request(id: id, arrival: arrival, prompt: prompt, output: output, tier: tier, ttftSLO: ttft, tpotSLO: tpot),
             expectedOutput: expected)
    }
}
