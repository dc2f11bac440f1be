import Foundation
import Testing
import PlannerTestSupport
import Profiling
@testable import PlannerKit

/// The requests the commands build (simulate, optimal, profile generate and
/// import, bench fleet) and the values they parse: each refuses what does
/// not fit, naming the rule, before any simulation, solve or file read.
@Suite struct CommandRequestTests {
    @Test func fleetMixParsesCountsAndNamesTheRuleBroken() throws {
        #expect(try FleetMix(parsing: "3,24").counts == [3, 24])
        #expect(try FleetMix(parsing: " 0 , 5").total == 5)
        func refusal(_ text: String) -> String? {
            do { _ = try FleetMix(parsing: text); return nil } catch { return error.description }
        }
        #expect(refusal("3,x")?.contains("'x' is not a whole number") == true)
        #expect(refusal("3,,4")?.contains("'' is not a whole number") == true)
        #expect(refusal("0,0") == "the mix has no instance; give at least one")
        #expect(refusal("-1,4")?.contains("outside 0 to") == true)
        let half = RunLimits.instanceCeiling / 2 + 1
        #expect(refusal("\(half),\(half)")?.contains("the mix totals \(2 * half) instances") == true)
    }

    @Test func fleetSizeIsAWholeNumberOrAuto() {
        #expect(FleetSize(parsing: "auto")?.instances == nil && FleetSize(parsing: "auto") != nil)
        #expect(FleetSize(parsing: "12")?.instances == 12)
        #expect(FleetSize(parsing: "0") == nil && FleetSize(parsing: "1.5") == nil && FleetSize(parsing: "AUTO") == nil)
    }

    @Test func benchFleetSizesParseOnlyWholeNumbersInRange() {
        #expect(FleetScaling.sizes(parsing: "5,20, 80") == [5, 20, 80])
        #expect(FleetScaling.sizes(parsing: "5,,20") == nil)
        #expect(FleetScaling.sizes(parsing: "0") == nil)
        #expect(FleetScaling.sizes(parsing: "\(InputLimits.maximumInstances + 1)") == nil)
        #expect(FleetScaling.sizes(parsing: "") == nil)
    }

    @Test func simulationRequestRefusesFleetsThatDoNotFitTheProfiles() throws {
        let one = try PlanningInputs.load(workload: Repository.workload("polyserve-paper"))
        let two = try PlanningInputs.load(workload: Repository.workload("mixed-h200-l40s"))
        func failure(_ request: SimulationRequest) -> SimulationRequest.Failure? {
            do { _ = try request.resolvedConfig(); return nil } catch { return error as? SimulationRequest.Failure }
        }
        #expect(failure(SimulationRequest(inputs: two, policy: .polyserve, fleet: .instances(4))) == .fleet(.mixNeeded(profiles: ["H200", "L40S"])))
        #expect(failure(SimulationRequest(inputs: two, policy: .polyserve, fleet: .instances(nil))) == nil)  // auto pools every type
        #expect(failure(SimulationRequest(inputs: two, policy: .polyserve, fleet: .mix([4]))) == .fleet(.countsForProfiles(counts: 1, profiles: ["H200", "L40S"])))
        var colocated = SimulationRequest(inputs: one, policy: .polyserve, fleet: .instances(4))
        colocated.prefillInstances = 1
        #expect(failure(colocated) == .fleet(.prefillWhenColocated))
        var noPrefill = SimulationRequest(inputs: one, policy: .polyserve, fleet: .instances(4))
        noPrefill.serving = .disaggregated
        #expect(failure(noPrefill) == .prefillNeeded(limit: noPrefill.config.limits.instances))
        var slow = SimulationRequest(inputs: one, policy: .polyserve, fleet: .instances(4))
        slow.config.rateScale = 1e-12
        #expect(failure(slow) == .rateTooLow(scale: 1e-12, rateRps: one.workload.totalRate))
        let resolved = try SimulationRequest(inputs: two, policy: .polyserve, fleet: .mix([3, 24])).resolvedConfig()
        #expect(resolved.mix == [3, 24] && resolved.instances == nil)
        #expect(SimulationRequest.Failure.fleet(.mixNeeded(profiles: [])).isUsage && !SimulationRequest.Failure.nothingMeasured(warmupSeconds: 1).isUsage)
    }

    @Test func boundReportNamesOutcomesAPlanCannotUse() throws {
        let inputs = try PlanningInputs.load(workload: Repository.workload("polyserve-paper"))
        let report = try BoundRequest(inputs: inputs).run()
        #expect(report.failure(instances: nil) == nil)
        #expect(report.headline.totalInstances >= 1)
        var tight = report
        tight.headline.status = .infeasible
        #expect(tight.failure(instances: nil) == .infeasible)
        var huge = report
        huge.headline.totalInstances = InputLimits.maximumInstances + 1
        #expect(huge.failure(instances: nil) == .tooLarge(instances: InputLimits.maximumInstances + 1))
        var two = BoundRequest(inputs: try PlanningInputs.load(workload: Repository.workload("mixed-h200-l40s")))
        two.serving = .disaggregated
        #expect(throws: BoundRequest.Failure.disaggregatedOnSeveralTypes) { try two.run() }
    }

    @Test func profileRecipeAndImportRefuseFieldsOutsideTheirRange() throws {
        let h200 = try #require(GPUSpec.named("H200")), llama = try #require(ModelArchitecture.named("Llama-3.1-8B"))
        func refusal(_ change: (inout ProfileRecipe) -> Void) -> String? {
            var recipe = ProfileRecipe(gpu: h200, model: .catalogue(llama))
            change(&recipe)
            do { try recipe.check(); return nil } catch { return error.description }
        }
        #expect(refusal { _ in } == nil)
        #expect(refusal { $0.memoryUtilisation = .nan }?.hasPrefix("--gpu-memory-utilization") == true)
        #expect(refusal { $0.tensorParallel = 0 }?.hasPrefix("--tp") == true)
        #expect(refusal { $0.pricePerGPUHour = .infinity }?.hasPrefix("--price") == true)
        #expect(refusal { $0.iterationFloorMs = -1 }?.hasPrefix("--floor-ms") == true)
        #expect(refusal { $0.latencyBand = 1 }?.hasPrefix("--latency-band") == true)
        #expect(refusal { $0.latencyBand = 0.1; $0.bandsPath = "b.csv" } == "give --latency-band or --bands, not both")
        #expect(refusal { $0.maxRunningRequests = 0 }?.hasPrefix("--max-num-seqs") == true)
        // The check runs before the roofline: a bad recipe never reaches it.
        var bad = ProfileRecipe(gpu: h200, model: .catalogue(llama))
        bad.tensorParallel = 1000
        #expect(throws: ProfileRecipe.Invalid.self) { try bad.profile() }

        var splitwise = ProfileImport(source: .splitwise, path: "absent.csv", model: "m", gpu: nil)
        #expect(throws: ProfileImport.Invalid(description: "--gpu is required with --from splitwise (e.g. --gpu h100-80gb)")) { try splitwise.profile() }
        splitwise.gpu = "h100-80gb"
        splitwise.kvCapacityTokens = 0
        #expect(throws: ProfileImport.Invalid.self) { try splitwise.check() }
        #expect(throws: Never.self) { try ProfileImport(source: .distserve, path: "x", model: "m", gpu: nil).check() }
    }

    @Test func traceSummaryCountsAndAveragesByHand() throws {
        let path = TemporaryFiles.write("arrival_s,prompt_tokens,output_tokens\n0,100,10\n1,200,20\n4,600,30\n", name: "t.csv")
        let s = try TraceSummary(path: path)
        #expect(s.format == .generic && s.requests == 3)
        #expect(s.durationSeconds == 4 && s.meanRateRps == 0.5)  // two gaps over 4 s
        #expect(s.meanPrompt == 300 && s.meanOutput == 20)
        #expect(s.meanPromptBlocks == nil)
    }

    @Test func aReplayIsHeldToTheRunLimitsOfSimulate() throws {
        var request = ReplayRequest(source: .measured(path: Repository.fixture("vllm-serving-a100-rate4.json"),
                                                      profile: Repository.path("workloads/profiles/a100-80gb-llama-3.1-8b-tp1.csv"), fallbackWorkload: nil))
        request.settings.limits.requests = 10
        #expect { try request.run() } throws: { error in
            "\(error)".contains("more than the limit of 10") && "\(error)".contains("--max-requests")
        }
    }

    @Test func shortNumbersNeverPrintANonzeroValueAsZero() {
        #expect(fmtShort(20) == "20" && fmtShort(12.5) == "12.5" && fmtShort(0) == "0")
        #expect(fmtShort(0.001) == "0.001" && fmtShort(-0.0123456) == "-0.0123" && fmtShort(1e-300) == "1e-300")
        #expect(fmtShort(0.05) == "0.1" && fmtShort(.infinity) == "inf")
    }

    /// Counts what a run reports, as a terminal bar would draw it.
    final class CountingProgress: PlanProgress, @unchecked Sendable {
        let lock = NSLock()
        var steps: [(String, Int)] = [], advances = 0, finished = 0
        func begin(_ step: String, units: Int) { lock.withLock { steps.append((step, units)) } }
        func advance() { lock.withLock { advances += 1 } }
        func finish() { lock.withLock { finished += 1 } }
    }

    @Test func aLongRunReportsOneTickPerProgressEveryArrivals() throws {
        var inputs = try PlanningInputs.load(workload: Repository.workload("polyserve-paper"))
        inputs.workload.runLength = .requests(2_500)
        inputs.workload.warmupSeconds = 0
        var request = SimulationRequest(inputs: inputs, policy: .polyserve, fleet: .instances(20))
        request.config.progressEvery = 1_000
        let counter = CountingProgress()
        request.progress = counter
        var arrived = 0
        try request.run { arrived = $0.arrived }
        #expect(arrived == 2_500)
        #expect(counter.steps.count == 1 && counter.steps[0].1 == 2, "2,500 requests in ticks of 1,000: two units")
        #expect(counter.advances == 2 && counter.finished == 1)
    }

    /// Requests longer than every server's KV cache are counted, so a plan can say how many it never serves.
    @Test func theShareOfRequestsThatOutgrowTheKVCacheIsCounted() throws {
        let table = LengthModel.empirical(pairs: [.init(prompt: 100, output: 10), .init(prompt: 500, output: 10), .init(prompt: 900, output: 200)], source: "t")
        #expect(table.shareOutgrowing(kvCapacity: 600) == 1.0 / 3)  // only 900 + 200 is over
        #expect(table.shareOutgrowing(kvCapacity: 1100) == 0)
        // Prompts uniform on 1...1000 with 100 output tokens: P(prompt + 100 > 600) = 500 / 1000.
        let uniform = LengthModel.independent(prompt: .uniform(min: 1, max: 1000), output: .fixed(100))
        #expect(abs(uniform.shareOutgrowing(kvCapacity: 600) - 0.5) < 0.02)
        #expect(uniform.shareOutgrowing(kvCapacity: 600, seed: 3) == uniform.shareOutgrowing(kvCapacity: 600, seed: 3), "seeded")
        // The bundled long-context workload fits its servers: no warning.
        #expect(try PlanningInputs.load(workload: Repository.workload("polyserve-paper")).warnings.isEmpty)
    }

    /// A plan whose workload has requests no server can hold says so in its header, its JSON and its terminal text.
    @Test(.slow) func aPlanRecordsTheShareOfRequestsItNeverServes() throws {
        let folder = TemporaryFiles.folder()
        let profile = folder.appendingPathComponent("p.csv").path
        try ProfileFormat.write(try TestProfiles.affine(kvCapacity: 1_050), to: profile)
        // Prompts uniform on 1...1000 and 100 output tokens: those above 950 (5 %) outgrow 1,050 KV tokens.
        let workload = TemporaryFiles.write("""
        name: outgrowing
        profile: \(profile)
        attainment_target: 0.9
        arrivals: {process: poisson, rate_rps: 20}
        lengths: {prompt: {law: uniform, min: 1, max: 1000}, output: {law: fixed, value: 100}}
        tiers:
          - {name: only, tpot_ms: 100, ttft_ms: 5000, share: 1}
        run: {requests: 600, warmup_seconds: 0}
        """, in: folder)
        var inputs = try PlanningInputs.load(workload: workload)
        #expect(inputs.warnings.count == 1 && inputs.warnings[0].contains("tier only: about 5"))
        inputs.workload.runLength = .requests(600)
        var settings = PlanSettings(jobs: 2, replications: 1)
        settings.policies = [.polyserve]
        settings.searchesLatencyRange = false
        let outcome = try PlanRequest(inputs: inputs, settings: settings).run()
        #expect(outcome.header.warnings == inputs.warnings)
        let out = folder.appendingPathComponent("report").path
        try ReportWriter.write(outcome, to: out)
        #expect(try PlanFolder(reading: out).header.warnings == inputs.warnings)
        #expect(outcome.consoleSummary(writtenTo: out).contains("warning: tier only: about 5"))
    }
}
