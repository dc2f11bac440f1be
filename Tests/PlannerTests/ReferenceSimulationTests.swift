import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit

/// The ten reference simulations of `Tests/Golden/simulate` (every policy,
/// fixed and autoscaled, a mixed fleet, a disaggregated one, MoE), run here
/// as `planner simulate … --requests 8000 --format json` runs them and
/// compared byte for byte, wall time and version aside.
///
/// A regression check, not a correctness one: the references are an earlier
/// build's output, kept so that work on the simulator's speed provably
/// changes nothing. A change meant to move them replaces them with
/// `Tests/Golden/check.sh --update` and says so in its commit.
@Suite(.slow) struct ReferenceSimulationTests {
    struct Run: Sendable, CustomTestStringConvertible {
        var name: String
        var workload: String
        var policy: PolicyID = .polyserve
        var fleet: SimulationRequest.Fleet
        var serving: ServingMode?
        var prefillInstances: Int?
        var rateScale = 1.0
        var testDescription: String { name }
    }

    /// The runs of `Tests/Golden/check.sh`, flag for flag.
    static let runs: [Run] = [
        Run(name: "polyserve-auto", workload: "polyserve-paper", fleet: .instances(nil)),
        Run(name: "polyserve-fixed", workload: "polyserve-paper", fleet: .instances(14)),
        Run(name: "co-chunk", workload: "chat", policy: .coChunk, fleet: .instances(8)),
        Run(name: "minimal", workload: "chat", policy: .minimal, fleet: .instances(8)),
        Run(name: "random", workload: "code-completion", policy: .random, fleet: .instances(6)),
        Run(name: "partitioned", workload: "polyserve-paper", policy: .partitioned, fleet: .instances(14)),
        Run(name: "mixed-auto", workload: "mixed-h200-l40s", fleet: .instances(nil)),
        Run(name: "mixed-fixed", workload: "mixed-h200-l40s", fleet: .mix([3, 24])),
        Run(name: "disaggregated", workload: "polyserve-paper", fleet: .instances(10), serving: .disaggregated, prefillInstances: 4),
        Run(name: "moe-fp8", workload: "moe-fp8", fleet: .instances(nil), rateScale: 0.25),
    ]

    /// Every file in `Tests/Golden/simulate` is one of the runs above.
    @Test func theRunsAreEveryReference() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.path("Tests/Golden/simulate"))
        #expect(Set(files) == Set(Self.runs.map { "\($0.name).json" }))
    }

    @Test(arguments: runs) func theSimulationIsItsReference(_ run: Run) throws {
        var inputs = try PlanningInputs.load(workload: Repository.workload(run.workload), allowClosedLoop: true)
        inputs.workload.runLength = .requests(8000)
        var request = SimulationRequest(inputs: inputs, policy: run.policy, fleet: run.fleet)
        request.serving = run.serving
        request.prefillInstances = run.prefillInstances
        request.config = SimulationConfig(instances: nil, rateScale: run.rateScale)
        var json = ""
        try request.run { json = try JSONOutput.string($0) }
        let reference = try String(contentsOfFile: Repository.path("Tests/Golden/simulate/\(run.name).json"), encoding: .utf8)
        let lines = Self.normalised(json).split(separator: "\n"), expected = reference.split(separator: "\n")
        // The first line that differs, not the whole document, in the failure.
        let first = lines.indices.first { $0 >= expected.count || lines[$0] != expected[$0] } ?? (lines.count == expected.count ? nil : lines.count)
        #expect(first == nil, "\(run.name): line \((first ?? 0) + 1) is \(first.map { $0 < lines.count ? String(lines[$0]) : "missing" } ?? ""), the reference's \(first.map { $0 < expected.count ? String(expected[$0]) : "missing" } ?? "")")
    }

    /// What `check.sh` clears: the wall time and the tool's version.
    static func normalised(_ json: String) -> String {
        json.replacingOccurrences(of: "\"(wall_seconds|solve_seconds)\" : [0-9.e+-]+", with: "\"$1\" : 0", options: .regularExpression)
            .replacingOccurrences(of: "\"version\" : \"[^\"]*\"", with: "\"version\" : \"\"", options: .regularExpression)
    }
}
