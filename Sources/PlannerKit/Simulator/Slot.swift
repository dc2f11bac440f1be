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
    /// Order of admission to the batch; the newest is preempted first.
    var admission = 0
    /// When it joined this instance's waiting line, seconds: an engine that
    /// schedules ahead plans it into no iteration already planned by then.
    var enqueued = -Double.infinity
    /// Leading blocks of its prefix chain it uses in its instance's prefix
    /// cache: tokens of its KV that the cache holds (and counts) instead.
    var sharedBlocks: Int32 = 0
    /// Prompt tokens its latest prefill found cached.
    var cachedPromptTokens: Int32 = 0

    init(request: Request, expectedOutput: Double) {
        self.request = request
        self.prefillTarget = request.prompt
        self.expectedOutput = expectedOutput
    }

    var inDecode: Bool { prefilled >= prefillTarget }
    /// KV held now. After a preemption the generated tokens are part of the
    /// prefill target, so they count once, when recomputed.
    var kvTokens: Int { prefilled + generated - (prefillTarget - request.prompt) }
    var projectedKV: Double { Double(request.prompt) + max(expectedOutput, Double(generated + 1)) }
    /// Tokens per iteration in steady state: one decode token plus the prompt
    /// amortised over the expected output.
    var steadyTokens: Double {
        let expected = max(expectedOutput, 1)
        return (Double(request.prompt) + expected) / expected
    }
    var prefillRemaining: Int { prefillTarget - prefilled }
    /// (Query, context) pairs of the prefill still to run: tokens `prefilled`
    /// to `prefillTarget − 1`, each attending to itself and everything before.
    var prefillPairsRemaining: Int { (prefillTarget * (prefillTarget + 1) - prefilled * (prefilled + 1)) / 2 }
    /// KV the request needs to enter a batch: the prompt still to prefill, or,
    /// for one prefilled elsewhere whose KV was transferred (disaggregated
    /// serving), all of its KV at once.
    var admissionKV: Int { inDecode ? kvTokens : prefillRemaining }
}
