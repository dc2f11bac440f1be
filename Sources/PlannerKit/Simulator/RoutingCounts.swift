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
    /// Placed on a server of its own bin that is still provisioning, whose
    /// steady state (test (c)) has room, instead of scaling up another.
    public var awaitedProvisioning = 0
    /// Found no server and waited in its bin's queue.
    public var waited = 0
    /// Servers returned to the idle pool.
    public var scaledDown = 0
    /// Admission tests failed, by the first part that failed: the projected KV
    /// overflows the cache; the engine's running-request cap is reached; the steady-state iteration exceeds the TPOT; no
    /// prefill chunk is sustainable; the predicted TTFT (or second token) is
    /// late. Servers that routing passed over by their bounds are not tested
    /// and not counted.
    public var refusedKVCache = 0
    public var refusedRunningCap = 0
    public var refusedTPOT = 0
    public var refusedChunk = 0
    public var refusedTTFT = 0
    /// Runs of servers, or single servers, that routing passed over because
    /// their bounds show none can admit (not tested, so not counted above).
    public var passedOver = 0

    mutating func add(refusals other: RoutingCounts) {
        refusedKVCache += other.refusedKVCache
        refusedRunningCap += other.refusedRunningCap
        refusedTPOT += other.refusedTPOT
        refusedChunk += other.refusedChunk
        refusedTTFT += other.refusedTTFT
        passedOver += other.passedOver
    }

    public init() {}
}
