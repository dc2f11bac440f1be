import Foundation
@testable import PlannerKit

/// Writes YAML (and any side files) to a fresh temporary folder and loads it.
enum WorkloadFixtures {
    static func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("planner-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, name: String = "w.yaml", in folder: URL = folder()) -> String {
        let path = folder.appendingPathComponent(name).path
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func load(_ yaml: String) throws -> Workload { try WorkloadLoader.load(path: write(yaml)) }

    static let twoTiers = """
    name: two
    seed: 42
    arrivals: {process: poisson, rate_rps: 50}
    lengths:
      prompt: {law: lognormal, median: 1000, sigma: 0.5, min: 1, max: 100000}
      output: {law: uniform, min: 100, max: 300}
    tiers:
      - {name: fast, tpot_ms: 20, ttft_ms: {choices: [300, 500, 1000], probabilities: [0.2, 0.3, 0.5]}, share: 0.25}
      - {name: slow, tpot_ms: 100, ttft_ms: 1000, share: 0.75}
    run: {requests: 200000}
    """
}
