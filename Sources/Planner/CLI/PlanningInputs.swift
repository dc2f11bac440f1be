import ArgumentParser
import Foundation
import Profiling

/// A workload and the profiles it runs on: the workload's own, or those given
/// with `--profile`, with the workload's price overrides applied.
struct PlanningInputs {
    var workload: Workload
    var profiles: [LatencyProfile]
    var profilePaths: [String]

    static func load(workload path: String, profiles overrides: [String]) throws -> PlanningInputs {
        let workload = try WorkloadLoader.load(path: path)
        let paths = overrides.isEmpty ? workload.profilePaths : overrides
        guard !paths.isEmpty else {
            throw ValidationError("\(path) names no profile; add 'profile:' to it or pass --profile FILE")
        }
        var profiles = try paths.map { p throws(InputError) in try ProfileFormat.read(path: p) }
        for i in profiles.indices {
            if let price = workload.prices[profiles[i].metadata.gpu] { profiles[i].metadata.pricePerGPUHour = price }
        }
        return PlanningInputs(workload: workload, profiles: profiles, profilePaths: paths)
    }
}
