/// A request resident on an instance, with its progress.
struct Slot {
    var request: Request
    /// Tokens to prefill: the prompt, or prompt plus generated tokens after a preemption.
    var prefillTarget: Int
    var prefilled = 0
    var generated = 0
    var missed = false
    var firstTokenTime = -1.0
    /// Expected final length (class average output), for admission and load.
    let expectedOutput: Double
    /// Tokens per iteration in steady state: one decode token plus the prompt
    /// amortised over the expected output.
    let steadyTokens: Double

    init(request: Request, expectedOutput: Double) {
        self.request = request
        self.prefillTarget = request.prompt
        self.expectedOutput = expectedOutput
        let expected = max(expectedOutput, 1)
        self.steadyTokens = (Double(request.prompt) + expected) / expected
    }

    var inDecode: Bool { prefilled >= prefillTarget }
    /// KV held now. After a preemption the generated tokens are part of the
    /// prefill target, so they count once, when recomputed.
    var kvTokens: Int { prefilled + generated - (prefillTarget - request.prompt) }
    var projectedKV: Double { Double(request.prompt) + max(expectedOutput, Double(generated + 1)) }
    var prefillRemaining: Int { prefillTarget - prefilled }
}

/// One model replica: continuous batching with chunked prefill, one iteration at a time.
///
/// Aggregates over its residents (running and waiting) are kept up to date so
/// that routing reads them in O(1): they are recomputed in the pass each
/// iteration makes over its batch anyway, and adjusted on placement and preemption.
struct Instance {
    let id: Int
    /// Index of the bin (TPOT level) the instance serves, or nil while idle in the pool.
    var bin: Int?
    var running: [Slot] = []
    /// Requests routed here but not yet admitted to the batch (waiting for KV, or preempted).
    var waiting: [Slot] = []
    var busy = false
    var iterationEnd = 0.0
    var lastIterationMs = 0.0
    /// Indices (ascending) of running slots still prefilling.
    var prefilling: [Int] = []
    /// Prefill tokens of the iteration in flight, parallel to `prefilling`;
    /// slots past its end get none.
    var chunks: [Int] = []
    /// Running slots when the iteration in flight started; later ones joined during it.
    var participants = 0

    private(set) var kvUsed = 0
    private(set) var steadyTokens = 0.0
    private(set) var projectedKV = 0.0
    private(set) var prefillAhead = 0
    /// Tightest TPOT among residents, seconds.
    private(set) var tightestTPOT: Double?

    init(id: Int) { self.id = id }

    var residents: Int { running.count + waiting.count }
    var isEmpty: Bool { running.isEmpty && waiting.isEmpty }

    mutating func enqueue(_ slot: Slot) {
        waiting.append(slot)
        include(slot)
    }

    private mutating func include(_ slot: Slot) {
        steadyTokens += slot.steadyTokens
        projectedKV += slot.projectedKV
        prefillAhead += slot.prefillRemaining
        tightestTPOT = min(tightestTPOT ?? .infinity, slot.request.tpotSLO)
    }

    /// Admits the first `count` waiting requests to the batch.
    mutating func admit(_ count: Int) {
        for slot in waiting.prefix(count) {
            prefilling.append(running.count)
            running.append(slot)
        }
        waiting.removeFirst(count)
    }

    /// Moves the newest running request back to the front of the queue, freeing its KV.
    mutating func preemptNewest() {
        if prefilling.last == running.count - 1 { prefilling.removeLast() }
        var victim = running.removeLast()
        kvUsed -= victim.kvTokens
        prefillAhead -= victim.prefillRemaining
        victim.prefillTarget = victim.request.prompt + victim.generated
        victim.prefilled = 0
        prefillAhead += victim.prefillRemaining
        waiting.insert(victim, at: 0)
    }

    /// Starts recomputing the aggregates; `account` each running slot, then `finishAccounting`.
    mutating func resetAggregates() {
        kvUsed = 0; steadyTokens = 0; projectedKV = 0; prefillAhead = 0; tightestTPOT = nil
        prefilling.removeAll(keepingCapacity: true)
    }

    /// Adds one running slot, at index `index`, to the aggregates.
    @inline(__always)
    mutating func account(_ slot: Slot, at index: Int) {
        kvUsed += slot.kvTokens
        include(slot)
        if !slot.inDecode { prefilling.append(index) }
    }

    mutating func finishAccounting() {
        for slot in waiting { include(slot) }
    }

    /// Recomputes every aggregate from the residents. O(residents).
    mutating func refreshAggregates() {
        resetAggregates()
        for (i, slot) in running.enumerated() { account(slot, at: i) }
        finishAccounting()
    }

    func _checkInvariants() {
        var copy = self
        copy.refreshAggregates()
        precondition(copy.kvUsed == kvUsed && copy.prefillAhead == prefillAhead && copy.tightestTPOT == tightestTPOT)
        precondition(copy.prefilling == prefilling)
        precondition(abs(copy.steadyTokens - steadyTokens) < 1e-6 * max(1, steadyTokens))
        precondition(running.allSatisfy { $0.prefilled <= $0.prefillTarget && $0.kvTokens >= 0 })
    }
}
