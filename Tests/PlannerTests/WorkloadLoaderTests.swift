import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

@Suite struct WorkloadLoaderTests {

    @Test(arguments: ["polyserve-paper", "polyserve-burst", "chat", "code-completion", "long-context"])
    func bundledWorkloadsLoad(_ name: String) throws {
        let w = try WorkloadLoader.load(path: Repository.workload(name))
        #expect(w.name == name && !w.tiers.isEmpty && w.profilePaths.count == 1)
        #expect(abs(w.tiers.reduce(0) { $0 + $1.share } - 1) < 1e-9)
        #expect(w.sourceChecksum.count == 64)
    }

    @Test func paperMixIsAsPublished() throws {
        let w = try WorkloadLoader.load(path: Repository.workload("polyserve-paper"))
        #expect(w.tiers.map(\.tpotMs) == [20, 30, 50, 100] && w.tiers.map(\.share) == [0.1, 0.2, 0.3, 0.4])
        #expect(w.tiers.allSatisfy { $0.ttftChoicesMs == [300, 500, 1000] && $0.ttftProbabilities.allSatisfy { abs($0 - 1.0 / 3) < 1e-12 } })
        #expect(w.tpotBinsMs == [20, 30, 50, 100])
    }

    private func failure(_ yaml: String) -> InputError? {
        do { _ = try TestWorkloads.load(yaml); return nil } catch { return error as? InputError }
    }

    @Test func unknownKeySuggestsNearest() throws {
        let e = try #require(failure(TestWorkloads.twoTiers.replacingOccurrences(of: "tpot_ms: 20", with: "tpot_msec: 20")))
        #expect(e.line == 8 && e.field == "tiers[0].tpot_msec" && e.message.contains("did you mean 'tpot_ms'"))
        let top = try #require(failure("seeed: 3\n" + TestWorkloads.twoTiers))
        #expect(top.line == 1 && top.message.contains("'seed'"))
    }

    @Test func rejectsBadNumbersWithLineAndKey() throws {
        let shares = try #require(failure(TestWorkloads.twoTiers.replacingOccurrences(of: "share: 0.75", with: "share: 0.7")))
        #expect(shares.message.contains("sum to") && shares.field == "tiers")
        let zero = try #require(failure(TestWorkloads.twoTiers.replacingOccurrences(of: "tpot_ms: 100", with: "tpot_ms: 0")))
        #expect(zero.line == 9 && zero.field == "tiers[1].tpot_ms")
        let probabilities = try #require(failure(TestWorkloads.twoTiers.replacingOccurrences(of: "[0.2, 0.3, 0.5]", with: "[0.2, 0.3, 0.4]")))
        #expect(probabilities.field == "tiers[0].ttft_ms.probabilities" && probabilities.message.contains("sum to"))
        let empty = try #require(failure(TestWorkloads.twoTiers.replacingOccurrences(of: "choices: [300, 500, 1000], probabilities: [0.2, 0.3, 0.5]", with: "choices: []")))
        #expect(empty.message.contains("empty"))
        let negativeTTFT = try #require(failure(TestWorkloads.twoTiers.replacingOccurrences(of: "ttft_ms: 1000,", with: "ttft_ms: -5,")))
        #expect(negativeTTFT.field == "tiers[1].ttft_ms")
        let missing = try #require(failure(TestWorkloads.twoTiers.replacingOccurrences(of: "arrivals: {process: poisson, rate_rps: 50}", with: "arrivals: {process: replay, trace: missing.csv}")))
        #expect(missing.field == "arrivals.trace" && missing.message.contains("no such file"))
        #expect(throws: InputError.self) { try WorkloadLoader.load(path: "/nonexistent/w.yaml") }
    }
}

/// The alias budget counts by hand: the root mapping (1), key `a` (1), its
/// list (1 + 2), key `b` (1), and `b`'s list of two copies of `a`'s (1 + 3 + 3).
@Suite struct YAMLExpansionTests {
    @Test func countsExpandedAliasesByHand() throws {
        let text = "a: &a [1, 2]\nb: [*a, *a]\n"
        try YAMLExpansion.check(text, source: "t.yaml", budget: 13)
        #expect(throws: InputError.self) { try YAMLExpansion.check(text, source: "t.yaml", budget: 12) }
    }
}
