import ArgumentParser
import PlannerKit

/// `--max-requests` and `--max-instances`: the limits on one simulated run, which a user may raise.
struct LimitOptions: ParsableArguments {
    @Option(help: "Most requests one simulated run may have (default \(InputLimits.maximumRequests), up to \(RunLimits.requestCeiling)).")
    var maxRequests: Int = InputLimits.maximumRequests
    @Option(help: "Most instances in a fleet or an autoscaled pool (default: the command's; up to \(RunLimits.instanceCeiling)).")
    var maxInstances: Int?

    func validate() throws {
        try require("--max-requests", maxRequests, in: 1...RunLimits.requestCeiling)
        try require("--max-instances", maxInstances, in: 1...RunLimits.instanceCeiling)
    }

    /// The limits, with `instances` defaulting to `defaultInstances`.
    func limits(defaultInstances: Int = InputLimits.maximumInstances) -> RunLimits {
        RunLimits(requests: maxRequests, instances: maxInstances ?? defaultInstances)
    }
}
