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

    /// Two servers of one 100 ms bin (requests of 50 output tokens) that cache
    /// prompt prefixes of one chain of `chainBlocks` 16-token blocks.
    static func twoCachingServers(chainBlocks: Int, profile: LatencyProfile) -> Fleet {
        var table = PrefixTable(blockTokens: 16)
        table.append((1...chainBlocks).map(UInt64.init))
        var f = fleet([(tpot: 0.1, expected: 50)], instances: 2, profile: profile)
        f.enablePrefixCaching(table)
        return f
    }

    /// A request of `prompt` tokens (50 out, 5 s TTFT, 100 ms TPOT) whose first
    /// `blocks` prompt blocks are the chain's; none when 0.
    static func prefixed(_ id: Int, prompt: Int, blocks: Int32) -> Slot {
        var slot = self.slot(id, tier: 0, prompt: prompt, output: 50, ttft: 5, tpot: 0.1, expected: 50)
        if blocks > 0 { slot.request.prefixChain = 0; slot.request.prefixBlocks = blocks }
        return slot
    }
}
