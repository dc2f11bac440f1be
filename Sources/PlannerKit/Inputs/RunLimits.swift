/// How large one simulated run may be. The defaults keep a careless input from
/// taking hours or gigabytes; a user who means it raises them
/// (`--max-requests`, `--max-instances`) up to the ceilings, which keep every
/// count within what an allocation and a loop can take.
public struct RunLimits: Sendable, Equatable {
    /// Requests in one run (`run.requests`, or the rate times `run.seconds`).
    public var requests = InputLimits.maximumRequests
    /// Instances in a fixed fleet, or servers an unbounded idle pool may create.
    public var instances = InputLimits.maximumInstances

    /// The most `requests` may be raised to.
    public static let requestCeiling = 1_000_000_000
    /// The most `instances` may be raised to (each instance holds a few KB).
    public static let instanceCeiling = 10_000_000

    public init(requests: Int = InputLimits.maximumRequests, instances: Int = InputLimits.maximumInstances) {
        self.requests = requests
        self.instances = instances
    }
}
