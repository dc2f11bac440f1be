import Foundation
import PlannerKit
import Profiling

/// Workloads for tests: YAML written to a fresh folder and loaded through the
/// real loader, and the bundled ones shortened to a test's length.
public enum TestWorkloads {
    /// Loads `yaml` as a workload file written to a fresh temporary folder.
    public static func load(_ yaml: String) throws -> Workload { try WorkloadLoader.load(path: TemporaryFiles.write(yaml)) }

    /// One Poisson stream at 200 req/s of 900-token prompts and 100-token
    /// outputs, with `tiers` given as YAML list items (indented two spaces).
    public static func fixedLengths(tiers: String, target: Double = 1) throws -> Workload {
        try load("""
        name: t
        attainment_target: \(target)
        arrivals: {process: poisson, rate_rps: 200}
        lengths: {prompt: {law: fixed, value: 900}, output: {law: fixed, value: 100}}
        tiers:
        \(tiers)
        """)
    }

    /// The bundled workload `name`, cut to `requests` requests, with its profiles.
    public static func bundled(_ name: String, requests: Int, warmupSeconds: Double? = nil) throws -> (Workload, [LatencyProfile]) {
        var w = try WorkloadLoader.load(path: Repository.workload(name))
        w.runLength = .requests(requests)
        if let warmupSeconds { w.warmupSeconds = warmupSeconds }
        return (w, try w.profilePaths.map { try ProfileFormat.read(path: $0) })
    }

    /// The paper's mix on its single bundled profile, `requests` long, no warm-up.
    public static func paper(requests: Int = 3000) throws -> (Workload, LatencyProfile) {
        let (w, profiles) = try bundled("polyserve-paper", requests: requests, warmupSeconds: 0)
        return (w, profiles[0])
    }

    /// Two tiers, lognormal prompts and uniform outputs, 50 req/s.
    public static let twoTiers = """
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
