
/// One model replica: continuous batching with chunked prefill, one iteration at a time.
///
/// Requests past their prefill are not visited each iteration: a decode
/// request's token count follows from the instance's iteration counter, and
/// heaps hold when each one finishes, when it outgrows its expected length,
/// and the point at which its next token would miss its deadline. Aggregates
/// for routing are per-tier integer sums, exact whatever the order of updates.
struct Instance {
    /// A request in decode: its generated count was `baseGenerated` after iteration `baseIteration`.
    struct Decoding {
        var slot: Slot
        var baseGenerated: Int
        var baseIteration: Int
        func generated(at iteration: Int) -> Int { baseGenerated + iteration - baseIteration }
    }

    /// A heap entry naming a decode slot; stale once the slot's version moved on.
    struct Entry: Comparable {
        var key: Double
        var handle: Int
        var version: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.key, a.handle) < (b.key, b.handle) }
        static func == (a: Entry, b: Entry) -> Bool { a.key == b.key && a.handle == b.handle && a.version == b.version }
    }

    let id: Int
    /// The server type: index of its profile in ``Fleet/profiles`` (GPU type and parallelism).
    let type: Int
    /// A prefill instance (disaggregated serving): a request whose prompt is
    /// done leaves with its first token in ``handedOff`` instead of decoding here.
    var prefillOnly = false
    /// Requests whose prefill finished on a prefill-only instance, for the engine to transfer.
    private(set) var handedOff: [Slot] = []
    /// Index of the bin (a TPOT) the instance serves, or nil while idle in the pool.
    var bin: Int?
    /// Running requests still prefilling, in admission order.
    private(set) var prefilling: [Slot] = []
    /// Requests routed here but not yet admitted to the batch (waiting for KV, or preempted).
    private(set) var waiting: [Slot] = []
    /// Requests in decode: a slab indexed by handle, with versions to invalidate heap entries.
    private var decoding: [Decoding?] = []
    private var versions: [Int] = []
    private var freeHandles: [Int] = []
    private(set) var decodeCount = 0
    /// Iterations completed.
    private(set) var iteration = 0
    private var nextAdmission = 0

    var busy = false
    var iterationEnd = 0.0
    var lastIterationMs = 0.0
    /// Prefill tokens of the iteration in flight for the first prefilling slots.
    private(set) var chunks: [Int] = []
    private var plannedPrefills = 0
    /// (Query, context) attention pairs of the planned chunks: a chunk of `c`
    /// tokens starting `p` tokens into its prompt attends `c · (p + (c + 1)/2)`.
    private(set) var prefillPairs = 0.0

    private var completions = MinHeap<Entry>()
    private var overdueTransitions = MinHeap<Entry>()
    private var missCutoffs: [MinHeap<Entry>]
    /// Current entries in each `missCutoffs` heap: one per decoding request not yet missed.
    /// A request that finishes on time leaves its entry behind, and when
    /// iterations are faster than the TPOT its key is never reached, so the
    /// heap is compacted once stale entries outnumber current ones.
    private var currentCutoffs: [Int]
    /// The least key in each `missCutoffs` heap, `.infinity` for an empty one:
    /// every iteration's deadline check reads these adjacent numbers instead
    /// of each heap's own storage (a cache miss per bin in the profile).
    private var cutoffMinKeys: [Double]

    private let tiers: TierTable
    /// KV tokens in use: every admitted request's own (``ownKV(_:)``) plus the prefix cache's blocks.
    private(set) var kvUsed = 0
    /// The prefix cache and the run's chains; `nil` without prefix caching.
    private(set) var cache: PrefixCache?
    private var prefixes: PrefixTable?
    /// Tokens of the cache's blocks that admitted requests use (each use counted): their share of the attention reads.
    private(set) var sharedHeld = 0
    /// With prefix caching: prompt tokens admitted to prefill, and those found cached.
    private(set) var admittedPromptTokens = 0
    private(set) var cachedPromptTokens = 0
    /// Tokens of cached blocks evicted to make room.
    private(set) var evictedTokens = 0
    private(set) var prefillAhead = 0
    /// Attention pairs of ``prefillAhead``: what its prefill attention costs.
    private(set) var prefillPairsAhead = 0
    private(set) var residents = 0
    private var residentsByTier: [Int]
    /// Requests in decode per tier.
    private var decodingByTier: [Int]
    /// Tokens of each tier in the iteration in flight (decodes plus prefill chunks), for cost attribution.
    private(set) var batchByTier: [Int]
    private var promptSumByTier: [Int]
    private var notOverdueByTier: [Int]
    /// Σ (generated + 1) over residents past their expected length.
    private var overdueSum = 0
    /// How many of those are decoding (their count grows each iteration).
    private var overdueDecoding = 0

    init(id: Int, tiers: TierTable, type: Int = 0) {
        self.id = id
        self.type = type
        self.tiers = tiers
        missCutoffs = Array(repeating: MinHeap(), count: tiers.bins)
        currentCutoffs = Array(repeating: 0, count: tiers.bins)
        cutoffMinKeys = Array(repeating: .infinity, count: tiers.bins)
        residentsByTier = Array(repeating: 0, count: tiers.expected.count)
        decodingByTier = residentsByTier
        batchByTier = residentsByTier
        promptSumByTier = residentsByTier
        notOverdueByTier = residentsByTier
    }

    /// Turns on prefix caching over `table`'s chains (before the run).
    mutating func enablePrefixCache(_ table: PrefixTable) {
        cache = PrefixCache(blockTokens: table.blockTokens)
        prefixes = table
    }

    /// Whole blocks of `request`'s prompt this instance's cache holds now, as
    /// its admission would find them (the last prompt token always computed); 0 without a cache. O(hit).
    func cachedPrefixBlocks(of request: Request) -> Int {
        guard let cache, request.prefixBlocks > 0 else { return 0 }
        return min(cache.hit(prefixes!, chain: Int(request.prefixChain), blocks: Int(request.prefixBlocks)), (request.prompt - 1) / cache.blockTokens)
    }

    /// A request's KV outside the prefix cache.
    @inline(__always)
    func ownKV(_ slot: Slot) -> Int { slot.kvTokens - Int(slot.sharedBlocks) * (cache?.blockTokens ?? 0) }

    /// KV tokens the iteration's attention reads: every running request's
    /// context, a shared block once per request using it; cached blocks
    /// nobody uses are not read. Without a prefix cache, ``kvUsed``.
    var attendedKV: Int { cache.map { kvUsed - $0.cachedTokens + sharedHeld } ?? kvUsed }

    var isEmpty: Bool { residents == 0 }
    /// Requests in the batch (prefilling or decoding), as opposed to waiting.
    var runningCount: Int { prefilling.count + decodeCount }
    /// Requests in the planned iteration: every decode and every chunk.
    var plannedSequences: Int { decodeCount + chunks.count }

    /// How many waiting requests, first come first served, fit in the KV cache
    /// next to what the batch still has to prefill, with at most `runningCap`
    /// requests running (the engine's cap); an empty batch always takes its
    /// first, so no request waits forever. O(waiting).
    func admissibleCount(capacity: Int, runningCap: Int = .max) -> Int {
        // Cached blocks nobody uses are free space: evicted when the KV is needed.
        var used = kvUsed + prefillAhead - (cache?.evictableTokens ?? 0)
        for slot in waiting { used -= slot.prefillRemaining }
        var admitted = 0
        for next in waiting {
            guard runningCount + admitted < runningCap || (runningCount == 0 && admitted == 0) else { break }
            guard used + next.admissionKV <= capacity || (runningCount == 0 && admitted == 0) else { break }
            used += next.admissionKV
            admitted += 1
        }
        return admitted
    }

    /// Steady-state token batch: Σ (prompt + expected) / expected. O(tiers).
    /// Inlined: called on an array element, a call copied the whole instance first.
    @inline(__always)
    var steadyTokens: Double {
        var sum = 0.0
        for t in residentsByTier.indices where residentsByTier[t] > 0 {
            sum += Double(promptSumByTier[t]) / max(tiers.expected[t], 1) + Double(residentsByTier[t])
        }
        return sum
    }

    /// KV with every resident grown to its expected final length. O(tiers).
    /// Inlined: called on an array element, a call copied the whole instance first.
    @inline(__always)
    var projectedKV: Double {
        var sum = Double(overdueSum)
        for t in residentsByTier.indices where residentsByTier[t] > 0 {
            sum += Double(promptSumByTier[t]) + Double(notOverdueByTier[t]) * tiers.expected[t]
        }
        return sum
    }

    /// Tightest TPOT among residents, seconds. O(tiers).
    @inline(__always)
    var tightestTPOT: Double? {
        var best: Double? = nil
        for t in residentsByTier.indices where residentsByTier[t] > 0 { best = min(best ?? .infinity, tiers.tpot[t]) }
        return best
    }

    // MARK: Residents

    private mutating func include(_ slot: Slot) {
        let t = slot.request.tier
        residents += 1
        residentsByTier[t] += 1
        promptSumByTier[t] += slot.request.prompt
        if tiers.isOverdue(t, generated: slot.generated) { overdueSum += slot.generated + 1 } else { notOverdueByTier[t] += 1 }
        prefillAhead += slot.prefillRemaining
        prefillPairsAhead += slot.prefillPairsRemaining
    }

    private mutating func exclude(_ slot: Slot) {
        let t = slot.request.tier
        residents -= 1
        residentsByTier[t] -= 1
        promptSumByTier[t] -= slot.request.prompt
        if tiers.isOverdue(t, generated: slot.generated) { overdueSum -= slot.generated + 1 } else { notOverdueByTier[t] -= 1 }
        prefillAhead -= slot.prefillRemaining
        prefillPairsAhead -= slot.prefillPairsRemaining
    }

    mutating func enqueue(_ slot: Slot, at time: Double = -.infinity) {
        var slot = slot
        slot.enqueued = time
        waiting.append(slot)
        include(slot)
    }

    /// Admits the first `count` waiting requests to the batch; one whose KV
    /// was transferred from a prefill instance goes straight to decode.
    mutating func admit(_ count: Int, now: Double = 0) {
        for var slot in waiting.prefix(count) {
            slot.admission = nextAdmission
            nextAdmission += 1
            if slot.inDecode {
                kvUsed += slot.kvTokens
                startDecoding(slot)
            } else {
                if cache != nil, slot.request.prefixBlocks > 0 { useCachedPrefix(&slot, now: now) }
                prefilling.append(slot)
            }
        }
        waiting.removeFirst(count)
    }

    /// Starts a prefill past the blocks of its prompt the cache holds; at
    /// least its last prompt token is computed (the engine needs its logits),
    /// as vLLM does. O(hit).
    private mutating func useCachedPrefix(_ slot: inout Slot, now: Double) {
        guard slot.prefilled == 0, slot.sharedBlocks == 0 else { return }
        let b = cache!.blockTokens, chain = Int(slot.request.prefixChain)
        let hit = cachedPrefixBlocks(of: slot.request)
        slot.cachedPromptTokens = Int32(hit * b)
        admittedPromptTokens += slot.request.prompt
        cachedPromptTokens += hit * b
        guard hit > 0 else { return }
        // Its aggregates move with its prefill: out at the old progress, in at the new.
        exclude(slot)
        slot.prefilled = hit * b
        slot.sharedBlocks = Int32(hit)
        include(slot)
        cache!.use(prefixes!, chain: chain, to: hit, now: now)
        sharedHeld += hit * b
    }

    /// A request whose prefill just completed leaves its prompt's whole
    /// blocks in the cache: blocks new to it move there from the request's
    /// own KV; blocks another request cached meanwhile are shared and the
    /// request's copy freed. O(blocks).
    private mutating func cachePrefix(_ slot: inout Slot, now: Double) {
        cacheBlocks(&slot, through: Int(slot.request.prefixBlocks), now: now)
    }

    /// A finished request of a session leaves its reply's whole blocks in the
    /// cache as well (vLLM caches every full block a request wrote): the next
    /// turn's prompt begins with them. The last token has no KV yet. O(blocks).
    private mutating func cacheReply(_ slot: inout Slot, now: Double) {
        guard cache != nil, slot.request.prefixChain >= 0, prefixes!.continuesPastPrompt(slot.request.prefixChain) else { return }
        cacheBlocks(&slot, through: (slot.request.prompt + slot.generated - 1) / cache!.blockTokens, now: now)
    }

    /// Moves the request's blocks up to `end` of its chain into the cache. O(end − used).
    private mutating func cacheBlocks(_ slot: inout Slot, through end: Int, now: Double) {
        let start = Int(slot.sharedBlocks)
        guard end > start else { return }
        let b = cache!.blockTokens
        let added = cache!.use(prefixes!, chain: Int(slot.request.prefixChain), from: start, to: end, now: now)
        kvUsed -= (end - start - added) * b
        slot.sharedBlocks = Int32(end)
        sharedHeld += (end - start) * b
    }

    /// A request leaving the batch (finished, handed off or preempted) stops using its cached blocks.
    private mutating func releasePrefix(_ slot: inout Slot, now: Double) {
        guard slot.sharedBlocks > 0 else { return }
        cache!.release(prefixes!, chain: Int(slot.request.prefixChain), blocks: Int(slot.sharedBlocks), now: now)
        sharedHeld -= Int(slot.sharedBlocks) * cache!.blockTokens
        slot.sharedBlocks = 0
    }

    /// Frees cached blocks nobody uses, least recently used first, until the
    /// KV fits `capacity` or none is left. O(evicted · log n).
    mutating func evictToFit(_ capacity: Int) {
        guard kvUsed > capacity, cache != nil else { return }
        let freed = cache!.evict(tokens: kvUsed - capacity)
        kvUsed -= freed
        evictedTokens += freed
    }

    /// Takes the requests handed off since the last call (prefill-only instances).
    mutating func takeHandedOff(into out: inout [Slot]) {
        out.append(contentsOf: handedOff)
        handedOff.removeAll(keepingCapacity: true)
    }

    /// Every resident as it stands now (for the end of a run).
    func allResidents() -> [Slot] {
        prefilling + waiting + decoding.compactMap { entry in
            entry.map { var s = $0.slot; s.generated = $0.generated(at: iteration); return s }
        }
    }

    // MARK: Decode slab

    private mutating func startDecoding(_ slot: Slot) {
        let handle: Int
        if let free = freeHandles.popLast() { handle = free } else {
            handle = decoding.count
            decoding.append(nil)
            versions.append(0)
        }
        let g = slot.generated, k = iteration, t = slot.request.tier
        decoding[handle] = Decoding(slot: slot, baseGenerated: g, baseIteration: k)
        decodeCount += 1
        decodingByTier[t] += 1
        let version = versions[handle]
        completions.insert(Entry(key: Double(k + slot.request.output - g), handle: handle, version: version))
        if tiers.isOverdue(t, generated: g) {
            overdueDecoding += 1
        } else {
            overdueTransitions.insert(Entry(key: Double(k + tiers.overdueFrom(t) - g), handle: handle, version: version))
        }
        if !slot.missed {
            let cutoff = slot.request.arrival + slot.request.ttftSLO + Double(g - k - 1) * slot.request.tpotSLO
            let bin = tiers.bin[t]
            missCutoffs[bin].insert(Entry(key: cutoff, handle: handle, version: version))
            currentCutoffs[bin] += 1
            cutoffMinKeys[bin] = min(cutoffMinKeys[bin], cutoff)
        }
    }

    /// Takes a decode slot out of the slab with its current count; its heap entries go stale.
    private mutating func stopDecoding(_ handle: Int) -> Slot {
        let entry = decoding[handle]!
        var slot = entry.slot
        slot.generated = entry.generated(at: iteration)
        decoding[handle] = nil
        versions[handle] += 1
        freeHandles.append(handle)
        decodeCount -= 1
        decodingByTier[slot.request.tier] -= 1
        if tiers.isOverdue(slot.request.tier, generated: slot.generated) { overdueDecoding -= 1 }
        if !slot.missed {
            let bin = tiers.bin[slot.request.tier]
            currentCutoffs[bin] -= 1
            if missCutoffs[bin].count > 2 * currentCutoffs[bin] + 64 {
                missCutoffs[bin] = MinHeap(missCutoffs[bin].unordered.filter(isCurrent))
                noteLeastCutoff(bin)
            }
        }
        return slot
    }

    /// Copies `missCutoffs[bin]`'s least key into ``cutoffMinKeys`` after the heap lost entries.
    private mutating func noteLeastCutoff(_ bin: Int) { cutoffMinKeys[bin] = missCutoffs[bin].min?.key ?? .infinity }

    /// An entry is current while its handle's version is unchanged: stopping a
    /// request bumps the version, and entries are only made for the occupant.
    private func isCurrent(_ e: Entry) -> Bool { versions[e.handle] == e.version }

    // MARK: Iterations

    /// Decode tokens for every request past its prefill, then prefill chunks
    /// first come first served within the budget, of requests enqueued by
    /// `seenBy` (when the engine planned this iteration). Returns the token
    /// batch. O(prefilling slots).
    mutating func plan(budget: Int, seenBy: Double = .infinity) -> Int {
        var room = max(0, budget - decodeCount)
        chunks.removeAllKeepingBuffer()
        plannedPrefills = prefilling.count
        var prefill = 0
        prefillPairs = 0
        // An engine with nothing planned plans what it has now, whatever its lookahead.
        let seenBy = decodeCount == 0 && (prefilling.first.map { $0.enqueued > seenBy } ?? false) ? .infinity : seenBy
        for slot in prefilling {
            guard room > 0, slot.enqueued <= seenBy else { break }
            let chunk = min(room, slot.prefillRemaining)
            chunks.append(chunk)
            room -= chunk
            prefill += chunk
            prefillPairs += Double(chunk) * (Double(slot.prefilled) + Double(chunk + 1) / 2)
        }
        // A budget below one token still lets the oldest prefill advance, so no request starves.
        if decodeCount == 0, prefill == 0, let oldest = prefilling.first {
            chunks = [1]
            prefill = 1
            prefillPairs = Double(oldest.prefilled) + 1
        }
        for t in batchByTier.indices { batchByTier[t] = decodingByTier[t] }
        for (i, chunk) in chunks.enumerated() { batchByTier[prefilling[i].request.tier] += chunk }
        return decodeCount + prefill
    }

    /// Applies the iteration in flight, ending at `now`: every decode request
    /// produces a token, checked against its deadline; prefill chunks advance
    /// and a completed prefill produces the first token. Finished requests are
    /// handed to `completed`. Returns whether any finished.
    /// O(prefilling + misses + completions · log n), not O(batch).
    mutating func finish(now: Double, completed: inout [Slot]) -> Bool {
        iteration += 1
        let k = iteration
        var finished = false
        // Decode tokens.
        kvUsed += decodeCount
        overdueSum += overdueDecoding
        while let e = overdueTransitions.min, e.key <= Double(k) {
            overdueTransitions.removeMin()
            guard isCurrent(e), e.key == Double(k) else { continue }
            let entry = decoding[e.handle]!
            notOverdueByTier[entry.slot.request.tier] -= 1
            overdueSum += entry.generated(at: k) + 1
            overdueDecoding += 1
        }
        // A token j misses when now > D + (j − 1)·τ, i.e. now − k·τ > D + (g0 − k0 − 1)·τ, the entry's key.
        for bin in cutoffMinKeys.indices {
            let reach = now - Double(k) * tiers.binTpotSeconds[bin]
            guard cutoffMinKeys[bin] < reach + 1e-6 else { continue }
            var recheck: [Entry] = []
            while let e = missCutoffs[bin].min, e.key < reach + 1e-6 {
                missCutoffs[bin].removeMin()
                guard isCurrent(e) else { continue }
                let entry = decoding[e.handle]!
                if now > entry.slot.request.deadline(ofToken: entry.generated(at: k)) + 1e-9 {
                    decoding[e.handle]!.slot.missed = true
                    currentCutoffs[bin] -= 1
                } else {
                    recheck.append(e)
                }
            }
            for e in recheck { missCutoffs[bin].insert(e) }
            noteLeastCutoff(bin)
        }
        while let e = completions.min, e.key <= Double(k) {
            completions.removeMin()
            guard isCurrent(e) else { continue }
            var slot = stopDecoding(e.handle)
            cacheReply(&slot, now: now)
            kvUsed -= ownKV(slot)
            releasePrefix(&slot, now: now)
            exclude(slot)
            completed.append(slot)
            finished = true
        }
        // Prefill chunks, in admission order.
        var write = 0
        for read in prefilling.indices {
            var slot = prefilling[read]
            let chunk = read < plannedPrefills && read < chunks.count ? chunks[read] : 0
            if chunk > 0 {
                prefillPairsAhead -= slot.prefillPairsRemaining
                slot.prefilled += chunk
                kvUsed += chunk
                prefillAhead -= chunk
                prefillPairsAhead += slot.prefillPairsRemaining
                if slot.prefilled >= slot.prefillTarget {
                    if cache != nil, slot.request.prefixBlocks > 0 { cachePrefix(&slot, now: now) }
                    let t = slot.request.tier
                    let wasOverdue = tiers.isOverdue(t, generated: slot.generated)
                    slot.generated += 1
                    kvUsed += 1
                    if wasOverdue { overdueSum += 1 } else if tiers.isOverdue(t, generated: slot.generated) {
                        notOverdueByTier[t] -= 1
                        overdueSum += slot.generated + 1
                    }
                    if slot.firstTokenTime < 0 { slot.firstTokenTime = now }
                    if now > slot.request.deadline(ofToken: slot.generated) + 1e-9 { slot.missed = true }
                    if prefillOnly, slot.generated < slot.request.output {
                        // Its KV leaves with it, to a decode instance.
                        kvUsed -= ownKV(slot)
                        releasePrefix(&slot, now: now)
                        exclude(slot)
                        handedOff.append(slot)
                        finished = true
                        continue
                    }
                    if slot.generated >= slot.request.output {
                        cacheReply(&slot, now: now)
                        kvUsed -= ownKV(slot)
                        releasePrefix(&slot, now: now)
                        exclude(slot)
                        completed.append(slot)
                        finished = true
                    } else {
                        startDecoding(slot)
                    }
                    continue
                }
            }
            prefilling[write] = slot
            write += 1
        }
        prefilling.removeLast(prefilling.count - write)
        chunks.removeAllKeepingBuffer()
        plannedPrefills = 0
        busy = false
        return finished
    }

    /// The earliest deadline of the next token of a decoding request that has
    /// not missed, or `nil` with none. The token iteration k + 1 produces for an
    /// entry keyed D + (g0 − k0 − 1)·τ is due at key + (k + 1)·τ. Stale entries
    /// (finished requests) can only make it earlier, never later. O(bins).
    func earliestNextDeadline() -> Double? {
        var earliest: Double? = nil
        for bin in cutoffMinKeys.indices where cutoffMinKeys[bin] < .infinity {
            let due = cutoffMinKeys[bin] + Double(iteration + 1) * tiers.binTpotSeconds[bin]
            earliest = min(earliest ?? due, due)
        }
        return earliest
    }

    /// Moves the newest running request back to the front of the queue, freeing its KV.
    mutating func preemptNewest(now: Double = 0) {
        var newestHandle: Int? = nil
        var newest = prefilling.last?.admission ?? -1
        for (handle, entry) in decoding.enumerated() {
            if let entry, entry.slot.admission > newest { newest = entry.slot.admission; newestHandle = handle }
        }
        var victim: Slot
        if let handle = newestHandle { victim = stopDecoding(handle) } else { victim = prefilling.removeLast() }
        kvUsed -= ownKV(victim)
        releasePrefix(&victim, now: now)
        prefillAhead -= victim.prefillRemaining
        prefillPairsAhead -= victim.prefillPairsRemaining
        victim.prefillTarget = victim.request.prompt + victim.generated
        victim.prefilled = 0
        prefillAhead += victim.prefillRemaining
        prefillPairsAhead += victim.prefillPairsRemaining
        waiting.insert(victim, at: 0)
    }

    /// Recomputes every aggregate from the residents and compares. O(residents).
    func _checkInvariants() {
        var fresh = Instance(id: id, tiers: tiers, type: type)
        var kv = 0
        let waitingIDs = Set(waiting.map(\.request.id))
        var uses: [(chain: Int, blocks: Int)] = [], held = 0
        for slot in allResidents() {
            fresh.include(slot)
            if !waitingIDs.contains(slot.request.id) {
                kv += ownKV(slot)
                if slot.sharedBlocks > 0 { uses.append((Int(slot.request.prefixChain), Int(slot.sharedBlocks))) }
                held += Int(slot.sharedBlocks) * (cache?.blockTokens ?? 0)
            } else {
                precondition(slot.sharedBlocks == 0, "a waiting request uses cached blocks")
            }
        }
        if let cache {
            kv += cache.cachedTokens
            cache._checkInvariants(prefixes!, uses: uses)
        }
        precondition(held == sharedHeld, "shared tokens held \(sharedHeld) != \(held)")
        precondition(kv == kvUsed, "kvUsed \(kvUsed) != \(kv)")
        precondition(fresh.residents == residents && fresh.prefillAhead == prefillAhead && fresh.prefillPairsAhead == prefillPairsAhead)
        precondition(fresh.residentsByTier == residentsByTier && fresh.promptSumByTier == promptSumByTier)
        precondition(fresh.notOverdueByTier == notOverdueByTier && fresh.overdueSum == overdueSum)
        precondition(decoding.compactMap { $0 }.count == decodeCount)
        var decodes = Array(repeating: 0, count: decodingByTier.count)
        for entry in decoding { if let entry { decodes[entry.slot.request.tier] += 1 } }
        precondition(decodes == decodingByTier, "decodes per tier \(decodingByTier) != \(decodes)")
        var onTime = Array(repeating: 0, count: currentCutoffs.count)
        for entry in decoding { if let entry, !entry.slot.missed { onTime[tiers.bin[entry.slot.request.tier]] += 1 } }
        precondition(onTime == currentCutoffs, "current cutoffs \(currentCutoffs) != \(onTime)")
        completions._checkInvariants()
        overdueTransitions._checkInvariants()
        for bin in missCutoffs.indices {
            missCutoffs[bin]._checkInvariants()
            precondition(missCutoffs[bin].unordered.filter(isCurrent).count == onTime[bin], "bin \(bin): a cutoff entry is missing or doubled")
            precondition(cutoffMinKeys[bin] == missCutoffs[bin].min?.key ?? .infinity, "bin \(bin): the cached least cutoff is stale")
        }
        precondition(prefilling.allSatisfy { !$0.inDecode && $0.kvTokens >= 0 })
    }
}

extension Instance {
    /// Tokens into its prompt where the next prefill chunk starts, 0 when nothing is prefilling.
    var nextChunkContext: Double { Double(prefilling.first?.prefilled ?? 0) }
    var isPrefilling: Bool { !prefilling.isEmpty }
}
