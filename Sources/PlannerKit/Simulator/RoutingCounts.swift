/// How a router placed requests over a run: the evidence for why a policy
/// wins or loses on a workload. Each routing attempt counts once; a request
/// that waits and is retried counts again.
public struct RoutingCounts: Sendable, Codable, Equatable {
    /// Placed on a server of its own bin.
    public var ownBin = 0
    /// Promoted onto a server of a tighter bin.
    public var promoted = 0
    /// Placed on a server taken from the idle pool.
    public var scaledUp = 0
    /// Placed on a server of a looser bin (PolyServe's borrowing option).
    public var borrowed = 0
    /// Found no server and waited in its bin's queue.
    public var waited = 0
    /// Servers returned to the idle pool.
    public var scaledDown = 0

    public init() {}
}
