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
    var expectedOutput: Double

    var inDecode: Bool { prefilled >= prefillTarget }
    var kvTokens: Int { prefilled + generated }
    var projectedKV: Double { Double(request.prompt) + max(expectedOutput, Double(generated + 1)) }
}

/// One model replica: continuous batching with chunked prefill, one iteration at a time.
struct Instance {
    let id: Int
    /// Index of the bin (TPOT level) the instance serves, or nil while idle in the pool.
    var bin: Int?
    var running: [Slot] = []
    /// Requests routed here but not yet admitted to the batch (baselines, preemptions).
    var waiting: [Slot] = []
    var busy = false
    var iterationEnd = 0.0
    var lastIterationMs = 0.0
    /// Tokens of prefill in the iteration in flight, per running slot index order.
    var chunkPlan: [Int] = []

    var kvUsed: Int { running.reduce(0) { $0 + $1.kvTokens } }
    var isEmpty: Bool { running.isEmpty && waiting.isEmpty }
    /// Tightest TPOT among resident requests, seconds.
    var tightestTPOT: Double? { (running + waiting).map(\.request.tpotSLO).min() }
}
