import ArgumentParser
import PlannerKit

/// `--max-requests` and `--max-instances`: the limits on one simulated run, which a user may raise.
struct LimitOptions: ParsableArguments {
    @Option(help: "Most requests one simulated run may have (default \(InputLimits.maximumRequests), up to \(RunLimits.requestCeiling)).")
    var maxRequests: Int = InputLimits.maximumRequests
    @Option(help: "Most instances in a fleet or an autoscaled pool (default: the command's; up to \(RunLimits.instanceCeiling)).")
    var maxInstances: Int?

    func validate() throws {
        guard (1...RunLimits.requestCeiling).contains(maxRequests) else {
            throw ValidationError("--max-requests must be between 1 and \(RunLimits.requestCeiling)")
        }
        if let maxInstances, !(1...RunLimits.instanceCeiling).contains(maxInstances) {
            throw ValidationError("--max-instances must be between 1 and \(RunLimits.instanceCeiling)")
        }
    }

    /// The limits, with `instances` defaulting to `defaultInstances`.
    func limits(defaultInstances: Int = InputLimits.maximumInstances) -> RunLimits {
        RunLimits(requests: maxRequests, instances: maxInstances ?? defaultInstances)
    }
}
