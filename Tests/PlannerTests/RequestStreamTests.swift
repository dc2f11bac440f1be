import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit

@Suite struct RequestStreamTests {
    @Test func generatorHitsConfiguredRatesSharesAndLengths() throws {
        let w = try TestWorkloads.load(TestWorkloads.twoTiers)
        var count = 0, fast = 0, last = 0.0
        var prompts: [Int] = [], outputs: [Int] = []
        var ttft: [Double: Int] = [:]
        for r in RequestStream(workload: w) {
            count += 1; last = r.arrival
            if r.tier == 0 { fast += 1; ttft[r.ttftSLO, default: 0] += 1 }
            prompts.append(r.prompt); outputs.append(r.output)
        }
        #expect(count == 200_000)
        // Rate: 200,000 arrivals over ~4,000 s; the relative sd of the total time is 1/sqrt(n) ≈ 0.22 %.
        #expect(abs(Double(count) / last - 50) / 50 < 0.01)
        // Share 0.25: binomial sd ≈ 0.001, tolerance 0.005.
        #expect(abs(Double(fast) / Double(count) - 0.25) < 0.005)
        #expect(abs(Double(ttft[0.3]!) / Double(fast) - 0.2) < 0.01 && abs(Double(ttft[1.0]!) / Double(fast) - 0.5) < 0.01)
        // Log-normal median 1000 and p90 = 1000·exp(0.5·1.2816) = 1898 within 2 %.
        prompts.sort()
        #expect(abs(Double(prompts[prompts.count / 2]) - 1000) / 1000 < 0.02)
        #expect(abs(Double(prompts[prompts.count * 9 / 10]) - 1898) / 1898 < 0.02)
        // Uniform 100…300: mean 200 within 1 %, bounds respected.
        #expect(abs(Double(outputs.reduce(0, +)) / Double(count) - 200) < 2)
        #expect(outputs.min()! >= 100 && outputs.max()! <= 300)
    }

    @Test func gammaArrivalsHaveConfiguredBurstiness() throws {
        let w = try TestWorkloads.load(TestWorkloads.twoTiers.replacingOccurrences(of: "{process: poisson, rate_rps: 50}", with: "{process: gamma, rate_rps: 50, cv: 3}"))
        var gaps: [Double] = [], previous = 0.0
        for r in RequestStream(workload: w) { gaps.append(r.arrival - previous); previous = r.arrival }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count)).squareRoot()
        #expect(abs(mean - 0.02) / 0.02 < 0.03)
        #expect(abs(sd / mean - 3) / 3 < 0.05, "cv \(sd / mean)")
    }

    @Test func sameSeedSameStreamDifferentSeedDifferent() throws {
        let w = try TestWorkloads.load(TestWorkloads.twoTiers)
        let a = Array(RequestStream(workload: w).prefix(1000))
        let b = Array(RequestStream(workload: w).prefix(1000))
        let c = Array(RequestStream(workload: w, seed: 43).prefix(1000))
        #expect(a == b)
        #expect(a != c)
        #expect(a.map(\.id) == Array(0..<1000))
    }

    @Test func mixChangeSwitchesShares() throws {
        let yaml = TestWorkloads.twoTiers.replacingOccurrences(of: "run: {requests: 200000}", with: """
        run: {seconds: 2000}
        mix_change: {at_seconds: 1000, shares: {fast: 0.75, slow: 0.25}}
        """)
        let w = try TestWorkloads.load(yaml)
        var before = (0, 0), after = (0, 0)
        for r in RequestStream(workload: w) {
            if r.arrival < 1000 { before.0 += r.tier == 0 ? 1 : 0; before.1 += 1 } else { after.0 += r.tier == 0 ? 1 : 0; after.1 += 1 }
        }
        #expect(abs(Double(before.0) / Double(before.1) - 0.25) < 0.01)
        #expect(abs(Double(after.0) / Double(after.1) - 0.75) < 0.01)
    }

    @Test func scalingMultipliesTheRate() throws {
        let w = try TestWorkloads.load(TestWorkloads.twoTiers).scaled(by: 2)
        #expect(w.totalRate == 100)
        #expect(abs(w.expectedTokensPerSecond - 100 * (1000 * exp(0.125) + 200)) < 1e-6)
    }

    @Test(.enabled(if: SharedData.available, "needs ../shared/data/traces"))
    func replayKeepsTraceLengthsAndTimes() throws {
        let trace = SharedData.path("traces/azure-2023/AzureLLMInferenceTrace_conv.csv")
        let folder = TemporaryFiles.folder()
        let path = TemporaryFiles.write("""
        name: replay
        arrivals: {process: replay, trace: \(trace), time_scale: 0.5}
        tiers:
          - {name: a, tpot_ms: 50, ttft_ms: 500, share: 1, lengths: {prompt: {law: fixed, value: 1}, output: {law: fixed, value: 1}}}
        run: {requests: 3}
        """, in: folder)
        let w = try WorkloadLoader.load(path: path)
        let rs = Array(RequestStream(workload: w))
        // First rows of the file: 374/44 at 18:15:46.6805900, 396/109 at 18:15:50.9951690.
        #expect(rs.count == 3 && rs[0].prompt == 374 && rs[0].output == 44 && rs[1].prompt == 396)
        #expect(abs(rs[1].arrival - (50.9951690 - 46.6805900) * 0.5) < 1e-6)
        #expect(abs(w.totalRate - 2 * 19365 / 3501.7) < 0.01)
    }
}
