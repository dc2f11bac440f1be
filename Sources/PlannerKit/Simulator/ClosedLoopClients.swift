import HeapModule

/// The clients of a closed loop (``ArrivalProcess/closed(users:thinkSeconds:)``):
/// when each one sends its next request.
///
/// Clients are interchangeable (each request draws its own tier and lengths),
/// so only the times they are ready are kept. O(log users) per request.
struct ClosedLoopClients {
    let thinkSeconds: Double
    private var ready: Heap<Double>

    /// Every client sends its first request at time 0, as a benchmark client
    /// starting at its full concurrency does.
    init(users: Int, thinkSeconds: Double) {
        self.thinkSeconds = thinkSeconds
        ready = Heap(repeatElement(0.0, count: users))
    }

    /// When the next idle client sends, or `nil` while every client waits for a reply.
    var nextSend: Double? { ready.min }

    /// The client that sends next has sent.
    mutating func sent() { _ = ready.removeMin() }

    /// A reply reached its client at `time`; it sends again after thinking.
    mutating func requestEnded(at time: Double) { ready.insert(time + thinkSeconds) }
}
