import DequeModule
import Profiling

/// PolyServe (Zhu et al., 2025), as docs/concepts.md states it, whole
/// in this file: TPOT bins with FIFO router queues, most-loaded admissible
/// routing, lazy promotion to tighter bins, autoscaling from an idle pool,
/// scale-down of emptied servers, the admission test, and dynamic chunking.
struct PolyServePolicy: SchedulingPolicy {
    /// The router's pending queue of each bin (one per TPOT, tightest first).
    var pending: [Deque<Slot>]
    /// Each bin's servers in routing order. Servers the fleet touched are
    /// marked in their bin's order and re-ranked before its next search: the
    /// order a set of updates leaves is the same in any sequence, so ranking
    /// late changes no decision, and a server touched many times between
    /// searches of its bin (every iteration) is ranked once.
    var order: [RoutingOrder]
    /// Scratch for ``rankMarked(in:fleet:)``.
    private var marked: [Int] = []
    /// Option (not in the paper): borrow a looser bin's server before waiting.
    let borrowsLooserServers: Bool
    /// Option (not in the paper): prefer the own bin's server holding the longest cached prefix.
    let prefixAffinity: Bool
    private(set) var counts = RoutingCounts()
    var routing: RoutingCounts? { counts }
    /// Self-check (tests): every decision is compared with a plain linear scan of the bins.
    var checksRouting = false
    private(set) var routingChecks = 0
    private(set) var routingMismatches = 0

    init(bins: Int, borrowsLooserServers: Bool = false, prefixAffinity: Bool = false) {
        self.borrowsLooserServers = borrowsLooserServers
        self.prefixAffinity = prefixAffinity
        pending = Array(repeating: Deque(), count: bins)
        order = Array(repeating: RoutingOrder(), count: bins)
    }

    /// Servers start in the idle pool.
    mutating func prepare(_ fleet: inout Fleet, workload: Workload) {
        pending = Array(repeating: Deque(), count: fleet.binTpotSeconds.count)
        order = Array(repeating: RoutingOrder(), count: fleet.binTpotSeconds.count)
        fleet.idleAll()
    }

    mutating func enableSelfChecks() { checksRouting = true }

    /// Requests are taken in order of arrival within their bin: one that finds
    /// its bin's queue non-empty waits behind it.
    mutating func arrived(_ slot: Slot, fleet: inout Fleet) {
        let bin = fleet.tiers.bin[slot.request.tier]
        if !pending[bin].isEmpty { pending[bin].append(slot); return }
        if let id = route(slot, fleet: &fleet) { fleet.place(slot, on: id, budget: .dynamic) } else { pending[bin].append(slot) }
    }

    /// Scale-down: a server with no request left returns to the idle pool, and
    /// every queue is retried. Otherwise, when requests left a server, the
    /// queues of its bin and every looser bin (which may be promoted onto it) are retried.
    /// Decision (not in the paper): with a provisioning delay a bin keeps its
    /// last server, so that a sparse tier's next request does not wait for a
    /// server to load (a tight tier at night would miss every such TTFT).
    mutating func iterationEnded(on id: Int, requestsLeft: Bool, fleet: inout Fleet) {
        if fleet.instances[id].isEmpty, let bin = fleet.instances[id].bin,
           fleet.provisioningDelay == 0 || fleet.members[bin].count > 1 {
            order[bin].remove(id)
            fleet.release(id)
            counts.scaledDown += 1
            retryPending(from: 0, fleet: &fleet)
        } else if requestsLeft, let bin = fleet.instances[id].bin {
            retryPending(from: bin, fleet: &fleet)
        }
    }

    var held: [Slot] { pending.flatMap { Array($0) } }

    /// Retries the queues of `bin` and every looser bin, FIFO, stopping at the
    /// first request of each queue that still cannot be placed.
    mutating func retryPending(from bin: Int, fleet: inout Fleet) {
        for b in bin..<pending.count {
            while let head = pending[b].first, let id = route(head, fleet: &fleet) {
                pending[b].removeFirst()
                fleet.place(head, on: id, budget: .dynamic)
            }
        }
    }

    // MARK: Routing

    /// 1. own bin, most loaded admissible first; 2. lazy promotion: tighter
    /// bins, nearest first, judged at the host's tighter TPOT; 2b. a server of
    /// the own bin still provisioning, if test (c) fits; 3. scale up:
    /// a server from the idle pool into the own bin; (with the borrowing
    /// option: looser bins, nearest first, judged at the request's TPOT);
    /// 4. wait (`nil`).
    /// Decision (not in the paper), for fleets of several server types: step 2
    /// promotes only onto servers of the own bin's preferred type (the first
    /// it scales up with that the fleet has); other types' tighter servers are used only when
    /// scale-up finds no server (3b). Otherwise a loose tier's requests fill
    /// the expensive fast servers the tight tier needs, while the cheap servers
    /// its own bin prefers stay idle (measured: a 10 × H200 + 23 × L40S fleet
    /// missed the interactive tier that 2 H200 carry in the bound).
    mutating func route(_ slot: Slot, fleet: inout Fleet) -> Int? {
        markTouched(fleet: &fleet)
        let own = fleet.tiers.bin[slot.request.tier]
        if prefixAffinity, slot.request.prefixBlocks > 0, fleet.prefixes != nil, let id = Self.holdingPrefix(slot, fleet: fleet) {
            counts.ownBin += 1
            return id
        }
        let preferred = fleet.types > 1 ? fleet.preferredType[own] : nil
        var chosen = choose(slot, fleet: fleet, promotingOnto: preferred)
        // Decision: a decode request (disaggregated) whose next token no server can meet is
        // judged by (c) and the KV cache only, like a late request: waiting only makes it later.
        let decodeLate = chosen == nil && slot.inDecode
        if decodeLate { chosen = choose(slot, fleet: fleet, promotingOnto: preferred, late: true) }
        if checksRouting {
            routingChecks += 1
            var scanned = Self.chooseByScan(slot, fleet: fleet, promotingOnto: preferred)
            if scanned == nil, slot.inDecode { scanned = Self.chooseByScan(slot, fleet: fleet, promotingOnto: preferred, late: true) }
            if chosen != scanned { routingMismatches += 1 }
        }
        if let chosen {
            if fleet.instances[chosen].bin == own { counts.ownBin += 1 } else { counts.promoted += 1 }
            return chosen
        }
        // With a provisioning delay a new server cannot start before the TTFT
        // has passed, so the borrowing option tries a ready looser server first.
        if borrowsLooserServers, fleet.provisioningDelay > 0, let id = borrow(slot, fleet: fleet) { counts.borrowed += 1; return id }
        // Decision (not in the paper): a server already on its way counts. With a
        // provisioning delay every server taken from the pool refuses by TTFT
        // until it is ready, so without this each arrival in the delay would take
        // another server from the pool; a request whose steady state (c) fits on a
        // provisioning server of its bin joins it and starts when it is ready.
        for id in fleet.provisioning[own] where Self.admission(slot, on: id, fleet: fleet, late: true) == nil {
            counts.awaitedProvisioning += 1
            return id
        }
        if let id = fleet.scaleUp(into: own) { counts.scaledUp += 1; return id }
        if preferred != nil, own > 0, let id = firstAdmitting(slot, in: stride(from: own - 1, through: 0, by: -1), fleet: fleet, late: decodeLate ? true : nil) {
            counts.promoted += 1
            return id
        }
        if borrowsLooserServers, let id = borrow(slot, fleet: fleet) { counts.borrowed += 1; return id }
        counts.waited += 1
        return nil
    }

    /// The prefix-affinity option: of the own bin's ready servers that hold
    /// part of the request's prefix, the one holding the most (the most loaded
    /// among equals) that admits it, the admission test judging the prefill
    /// that server would do; `nil` when none holds any or none admits. O(servers in the bin · hit).
    static func holdingPrefix(_ slot: Slot, fleet: Fleet) -> Int? {
        let own = fleet.tiers.bin[slot.request.tier]
        let late = isLate(slot, fleet: fleet)
        var best: (blocks: Int, load: Double, id: Int)? = nil
        for id in fleet.members[own] where !fleet.provisioning[own].contains(id) {
            let blocks = fleet.instances[id].cachedPrefixBlocks(of: slot.request)
            guard blocks > 0, blocks >= best?.blocks ?? 0 else { continue }
            var probe = slot
            probe.prefillTarget -= blocks * fleet.prefixes!.blockTokens
            guard admits(probe, on: id, fleet: fleet, late: late) else { continue }
            let load = load(id, fleet: fleet)
            if best == nil || blocks > best!.blocks || load > best!.load { best = (blocks, load, id) }
        }
        return best?.id
    }

    /// The borrowing option: the most loaded admissible server of the nearest looser bin.
    mutating func borrow(_ slot: Slot, fleet: Fleet) -> Int? {
        firstAdmitting(slot, in: (fleet.tiers.bin[slot.request.tier] + 1)..<order.count, fleet: fleet)
    }

    /// Steps 1 and 2: the most loaded admissible server of the own bin, then of
    /// each tighter bin (of type `promotingOnto` only, when given).
    mutating func choose(_ slot: Slot, fleet: Fleet, promotingOnto type: Int? = nil, late: Bool? = nil) -> Int? {
        let own = fleet.tiers.bin[slot.request.tier]
        guard let type else { return firstAdmitting(slot, in: stride(from: own, through: 0, by: -1), fleet: fleet, late: late) }
        if let id = firstAdmitting(slot, in: CollectionOfOne(own), fleet: fleet, late: late) { return id }
        return firstAdmitting(slot, in: stride(from: own - 1, through: 0, by: -1), fleet: fleet, only: type, late: late)
    }

    /// The most loaded admissible server of the first of `bins` that has one.
    /// Runs of servers that provably cannot admit are skipped
    /// (``cannotAdmit(_:within:fleet:late:noting:)``), so the decision is the linear
    /// scan's. O(runs reached + servers tested), once marked servers are re-ranked.
    /// With `type`, only servers of that type count.
    mutating func firstAdmitting(_ slot: Slot, in bins: some Sequence<Int>, fleet: Fleet, only type: Int? = nil, late: Bool? = nil) -> Int? {
        let late = late ?? Self.isLate(slot, fleet: fleet)
        var tally = RoutingCounts()
        defer { counts.add(refusals: tally) }
        for bin in bins {
            rankMarked(in: bin, fleet: fleet)
            // A server is first judged by the bounds of its own projection; the
            // table lookups that made agree with the admission test's when their arguments do.
            if let id = order[bin].first(where: { entry in
                var known = KnownLookups(type: fleet.instances[entry.id].type)
                return !Self.skipped(slot, within: .init(entry), fleet: fleet, late: late, into: &tally, noting: &known)
                    && (type == nil || known.type == type) && Self.tested(slot, on: entry.id, fleet: fleet, late: late, into: &tally, knowing: known)
            }, skippingRuns: { Self.skipped(slot, within: $0, fleet: fleet, late: late, into: &tally) }) { return id }
        }
        return nil
    }

    /// Marks every server the fleet touched in its bin's order, for ranking before that bin's next search.
    mutating func markTouched(fleet: inout Fleet) {
        for i in fleet.touched.indices {
            let id = fleet.touched[i]
            if let bin = fleet.instances[id].bin { order[bin].mark(id) }
        }
        fleet.clearTouched()
    }

    /// Re-ranks the servers marked in `bin`'s order that are still in the bin
    /// (one that left was removed from the order when it did). O(marked · log grid size + servers passed).
    mutating func rankMarked(in bin: Int, fleet: Fleet) {
        guard order[bin].hasMarks else { return }
        order[bin].takeMarks(into: &marked)
        for i in marked.indices {
            let id = marked[i]
            guard fleet.instances[id].bin == bin else { continue }
            // Most iterations leave a server's projection as it was (no request
            // arrived, finished or passed its expected length): its key is the same, so is its place.
            var fresh = Self.unloadedEntry(id, fleet: fleet)
            if let current = order[bin].entry(of: id), current.hasProjection(of: fresh) { continue }
            fresh.load = Self.load(of: fresh, type: fleet.instances[id].type, fleet: fleet)
            order[bin].update(fresh)
        }
    }

    /// Ranks every touched and marked server, so that each order holds exactly its bin's servers (for checks).
    mutating func rankEveryBin(fleet: inout Fleet) {
        markTouched(fleet: &fleet)
        for bin in order.indices { rankMarked(in: bin, fleet: fleet) }
    }

    /// Load: the predicted steady-state iteration time over the server's TPOT budget.
    static func load(_ id: Int, fleet: Fleet) -> Double { entry(id, fleet: fleet).load }

    /// A server's routing key and the projection its run bounds cover.
    @inline(__always)
    static func entry(_ id: Int, fleet: Fleet) -> RoutingOrder.Entry {
        var entry = unloadedEntry(id, fleet: fleet)
        entry.load = load(of: entry, type: fleet.instances[id].type, fleet: fleet)
        return entry
    }

    /// A server's projection, its load not yet computed (0). O(tiers).
    @inline(__always)
    static func unloadedEntry(_ id: Int, fleet: Fleet) -> RoutingOrder.Entry {
        let p = fleet.projection(id)
        return .init(id: id, load: 0, tokens: p.tokens, kv: p.kv, tpot: fleet.instances[id].tightestTPOT ?? .infinity,
                     residents: p.residents, prefillAhead: fleet.instances[id].prefillAhead)
    }

    /// The load of a projection on a server of `type`: 0 for an empty server. O(log grid size).
    @inline(__always)
    static func load(of entry: RoutingOrder.Entry, type: Int, fleet: Fleet) -> Double {
        guard entry.tpot < .infinity else { return 0 }
        return fleet.profile(type) { $0.iterationMs(tokenBatch: entry.tokens, kvTokens: entry.kv, sequences: Double(entry.residents)) } / (entry.tpot * 1000)
    }

    /// Whether no server within `bounds` passes the admission test, judged
    /// from lower bounds on what the newcomer would meet there: the least
    /// projected KV overflows the cache; or, where the profile is monotone (checked),
    /// the least projection makes an iteration slower than the loosest TPOT
    /// budget, the largest possible chunk is below one token, or the least
    /// prefill ahead at the largest chunk (and no wait for the running
    /// iteration) already misses (a) or (b). Never true where a server admits.
    /// A run may mix server types: it is skipped only when the profile of
    /// every type in the fleet says so. O(types).
    /// `known`: lookups made with the profile of `known.type`, for the admission test of a server of that type.
    static func cannotAdmit(_ slot: Slot, within bounds: RoutingOrder.Bounds, fleet: Fleet, late: Bool, noting known: inout KnownLookups) -> Bool {
        if bounds.minKV + slot.projectedKV > fleet.largestKVCapacity { return true }
        for g in fleet.presentTypes {
            var noted = KnownLookups(type: g)
            let cannot = fleet.profile(g) { cannotAdmit(slot, within: bounds, on: $0, fleet: fleet, late: late, noting: &noted) }
            if g == known.type { known = noted }
            if !cannot { return false }
        }
        return true
    }

    /// ``cannotAdmit(_:within:fleet:late:noting:)`` for servers of one profile.
    static func cannotAdmit(_ slot: Slot, within bounds: RoutingOrder.Bounds, on profile: LatencyProfile, fleet: Fleet, late: Bool,
                            noting known: inout KnownLookups) -> Bool {
        let r = slot.request
        let kv = bounds.minKV + slot.projectedKV
        if kv > Double(profile.metadata.kvCapacityTokens) { return true }
        let extra = fleet.steadyTokens(of: slot)
        guard profile.table.isMonotone(upToTokenBatch: bounds.maxTokens + extra, kvTokens: bounds.maxKV + slot.projectedKV) else { return false }
        let loosestMs = min(bounds.maxTPOT, r.tpotSLO) * 1000
        let steady = (tokens: bounds.minTokens + extra, kv: kv, sequences: Double(bounds.minResidents + 1))
        let row = profile.row(kvTokens: kv)
        let steadyMs = profile.iterationMs(tokenBatch: steady.tokens, at: row, sequences: steady.sequences)
        known.steady = (steady.tokens, steady.kv, steady.sequences, steadyMs)
        if steadyMs > loosestMs { return true }
        // Above the token grid the inverse's extrapolation need not fall with KV: no bound there.
        // The chunk ignores prefill attention, which only shrinks the admission test's chunk,
        // and charges the least number of running requests (the decodes and the chunk).
        let decodes = Double(bounds.minResidents + 1)
        let chunk = profile.largestChunkIgnoringAttention(withinMs: loosestMs, at: row, decodes: decodes)
        known.chunk = (loosestMs, kv, decodes, chunk)
        guard chunk + decodes < profile.table.tokenBatches[profile.table.tokenBatches.count - 1] else { return false }
        if chunk < 1 { return true }
        // A decode request's next-token test is not bounded here: no run is skipped for it.
        if late || slot.inDecode { return false }
        let tightest = min(bounds.minTPOT, r.tpotSLO)
        let iterations = ((Double(bounds.minPrefillAhead) + Double(slot.prefillTarget)) / chunk).rounded(.up)
        let ttft = (fleet.now - r.arrival) + iterations * tightest
        return ttft > r.ttftSLO || ttft + tightest > r.ttftSLO + r.tpotSLO
    }

    /// The reference for ``choose(_:fleet:promotingOnto:)``: every server of each bin ranked afresh. O(n log n).
    static func chooseByScan(_ slot: Slot, fleet: Fleet, promotingOnto type: Int? = nil, late: Bool? = nil) -> Int? {
        let own = fleet.tiers.bin[slot.request.tier]
        for bin in stride(from: own, through: 0, by: -1) {
            let ranked = fleet.members[bin].map { entry($0, fleet: fleet) }.sorted(by: RoutingOrder.Entry.precedes)
            for r in ranked where (bin == own || type == nil || fleet.instances[r.id].type == type) && admits(slot, on: r.id, fleet: fleet, late: late) { return r.id }
        }
        return nil
    }

    // MARK: Admission

    /// The admission test, from class-average output lengths only:
    /// (c) steady state: with every resident grown to its expected final
    /// length, the predicted iteration within the tightest TPOT on the server
    /// (the newcomer's included) and the KV cache fits; continuous
    /// chunked-prefill: a chunk of at least one token sustainable at that
    /// projected KV; (a) predicted TTFT (pending time, the rest of the current
    /// iteration, the chunks ahead and its own) within the TTFT SLO; (b) the
    /// second token within TTFT + TPOT.
    /// Where the profile prices prefill attention, the chunk in (a) and (c) is
    /// the one that fits the budget halfway into the newcomer's own prompt (a
    /// long prompt's later chunks are smaller, its earlier ones larger).
    /// Disaggregated serving: a request whose KV has just arrived from a
    /// prefill instance is placed then, so the transfer is already in the
    /// clock; (a) and (b) become one test, its next token within its deadline
    /// one steady-state iteration (the projection of (c)) after the server's running one.
    /// Decision (not in the paper): a request that could not meet its TTFT even
    /// on an idle server is late and needs only (c), so it is served (as a
    /// miss) instead of blocking its queue.
    /// `late` is ``isLate(_:fleet:)``, when the caller has it.
    static func admits(_ slot: Slot, on id: Int, fleet: Fleet, late: Bool? = nil) -> Bool {
        admission(slot, on: id, fleet: fleet, late: late) == nil
    }

    /// Why the admission test refuses `slot` on server `id`, or `nil` when it admits.
    /// `known`: lookups already made for this server (by ``cannotAdmit(_:within:fleet:late:noting:)``),
    /// used where their arguments are these (bit for bit), so the answer is the one made without them.
    static func admission(_ slot: Slot, on id: Int, fleet: Fleet, late: Bool? = nil, knowing known: KnownLookups? = nil) -> Refusal? {
        let r = slot.request
        let budget = min(fleet.instances[id].tightestTPOT ?? r.tpotSLO, r.tpotSLO)
        let p = fleet.projection(id, adding: slot)
        let profile = fleet.instances[id].type
        // Only lookups made with this server's profile apply.
        let known = known?.type == profile ? known : nil
        guard p.kv <= Double(fleet.kvCapacity(id)) else { return .kvCache }
        // Decision (not in the paper): an engine runs at most `max_num_seqs`
        // requests; one more would wait on the server, not run.
        guard p.residents <= fleet.runningCap(id) else { return .runningCap }
        let budgetMs = budget * 1000
        let sequences = Double(p.residents)
        let row = fleet.profile(profile) { $0.row(kvTokens: p.kv) }
        let steadyMs = if let s = known?.steady, s.tokens == p.tokens, s.kv == p.kv, s.sequences == sequences { s.ms } else {
            fleet.profile(profile) { $0.iterationMs(tokenBatch: p.tokens, at: row, sequences: sequences) }
        }
        guard steadyMs <= budgetMs else { return .tpot }
        let chunk = fleet.profile(profile) {
            $0.largestChunk(withinMs: budgetMs, at: row, decodes: sequences, context: Double(slot.prefillTarget) / 2)
        }
        guard chunk >= 1 else { return .chunk }
        if late ?? isLate(slot, fleet: fleet) { return nil }
        let waitForIteration = fleet.instances[id].busy ? max(0, fleet.instances[id].iterationEnd - fleet.now) : 0
        if slot.inDecode {
            // Disaggregated: its KV has arrived (the transfer is in the clock); its next token
            // comes one steady-state iteration (decode only) after the server's running one.
            return fleet.now + waitForIteration + steadyMs / 1000 <= r.deadline(ofToken: slot.generated + 1) ? nil : .ttft
        }
        let pairs = Double(fleet.instances[id].prefillPairsAhead + slot.prefillPairsRemaining)
        let chunkIgnoringAttention = known?.chunk.flatMap { $0.budgetMs == budgetMs && $0.kv == p.kv && $0.decodes == sequences ? $0.tokens : nil }
        let iterations = fleet.profile(profile) {
            Self.prefillIterations(tokens: p.prefillAhead + Double(slot.prefillTarget), pairs: pairs, budgetMs: budgetMs,
                                   at: row, decodes: sequences, on: $0, chunk: chunkIgnoringAttention)
        }
        // An engine that schedules ahead has planned the next iteration already.
        let planned = fleet.instances[id].busy && fleet.lookahead(profile) > 0 ? budget : 0
        let ttft = (fleet.now - r.arrival) + waitForIteration + planned + iterations * budget
        return ttft <= r.ttftSLO && ttft + budget <= r.ttftSLO + r.tpotSLO ? nil : .ttft
    }

    /// Iterations of `budgetMs` that prefill `tokens` with `pairs` attention
    /// pairs beside `decodes` decode tokens at the KV of `row`: the tokens at the
    /// chunk that fits without attention, plus the attention's milliseconds
    /// over what an iteration leaves for prefill. Summing every prompt's own
    /// pairs prices prompts ahead at their own contexts; sizing them all at
    /// the newcomer's chunk was optimistic behind long prompts, by more the
    /// more attention costs (docs/policy-suite.md: Mooncake). Never fewer
    /// than ``cannotAdmit(_:within:on:fleet:late:noting:)`` counts. O(log grid size).
    /// `chunk`: that chunk, when known.
    static func prefillIterations(tokens: Double, pairs: Double, budgetMs: Double, at row: IterationTable.Row, decodes: Double,
                                  on profile: LatencyProfile, chunk known: Double? = nil) -> Double {
        let chunk = known ?? profile.largestChunkIgnoringAttention(withinMs: budgetMs, at: row, decodes: decodes)
        guard chunk >= 1 else { return .infinity }
        let attention = profile.prefillAttentionMs(pairs: pairs)
        guard attention > 0 else { return (tokens / chunk).rounded(.up) }
        // What an iteration of the decodes and a chunk leaves for the chunk's work.
        let room = budgetMs - profile.iterationMs(tokenBatch: decodes, at: row, sequences: decodes + 1)
        return (tokens / chunk + attention / max(room, 1e-9)).rounded(.up)
    }

    /// The admission test, with a refusal counted by its reason.
    static func tested(_ slot: Slot, on id: Int, fleet: Fleet, late: Bool, into tally: inout RoutingCounts, knowing known: KnownLookups? = nil) -> Bool {
        switch admission(slot, on: id, fleet: fleet, late: late, knowing: known) {
        case nil: return true
        case .kvCache?: tally.refusedKVCache += 1
        case .runningCap?: tally.refusedRunningCap += 1
        case .tpot?: tally.refusedTPOT += 1
        case .chunk?: tally.refusedChunk += 1
        case .ttft?: tally.refusedTTFT += 1
        }
        return false
    }

    /// ``cannotAdmit(_:within:fleet:late:noting:)``, counting what it passes over.
    static func skipped(_ slot: Slot, within bounds: RoutingOrder.Bounds, fleet: Fleet, late: Bool, into tally: inout RoutingCounts,
                        noting known: inout KnownLookups) -> Bool {
        let skip = cannotAdmit(slot, within: bounds, fleet: fleet, late: late, noting: &known)
        if skip { tally.passedOver += 1 }
        return skip
    }

    /// ``skipped(_:within:fleet:late:into:noting:)`` for a run of servers (its lookups are of no one server).
    static func skipped(_ slot: Slot, within bounds: RoutingOrder.Bounds, fleet: Fleet, late: Bool, into tally: inout RoutingCounts) -> Bool {
        var none = KnownLookups(type: -1)
        return skipped(slot, within: bounds, fleet: fleet, late: late, into: &tally, noting: &none)
    }

    /// Table lookups the lower-bound test made with one server type's profile
    /// from a single server's projection, which the admission test of that
    /// server would make again with the same arguments.
    struct KnownLookups {
        /// The server type whose profile made them.
        let type: Int
        var steady: (tokens: Double, kv: Double, sequences: Double, ms: Double)?
        var chunk: (budgetMs: Double, kv: Double, decodes: Double, tokens: Double)?
        init(type: Int) { self.type = type }
    }

    /// The part of the admission test a server failed.
    enum Refusal { case kvCache, runningCap, tpot, chunk, ttft }

    /// Whether the request would miss its TTFT even on an idle server of its
    /// own TPOT, of the fleet's type that prefills fastest. O(types).
    /// A request prefilled elsewhere (disaggregated serving) has its first
    /// token already; it is late when even one iteration of a single token on
    /// an idle server of the fleet's fastest type would miss its next token's deadline.
    static func isLate(_ slot: Slot, fleet: Fleet) -> Bool {
        let r = slot.request
        if slot.inDecode { return fleet.now + fleet.fastestIterationMs / 1000 > r.deadline(ofToken: slot.generated + 1) }
        var idleChunk = 0.0
        for g in fleet.presentTypes {
            idleChunk = max(idleChunk, fleet.profile(g) {
                $0.largestChunk(withinMs: r.tpotSLO * 1000, kvTokens: 0, decodes: 0, context: Double(slot.prefillTarget) / 2)
            })
        }
        let best = (fleet.now - r.arrival) + (Double(slot.prefillTarget) / max(idleChunk, 1)).rounded(.up) * r.tpotSLO
        return best > r.ttftSLO
    }

    // MARK: Chunking

    var tokenBudget: TokenBudget { .dynamic }

    /// Dynamic chunking: the largest token batch (decodes plus prefill chunk)
    /// that keeps the iteration within the tightest TPOT on the instance, at its
    /// current KV and with the prefill attention of the oldest prompt's next
    /// chunk, so chunks shrink as a long prompt's context grows.
    /// With the deadline-aware option (not in the paper), the iteration may
    /// instead last until the earliest next-token deadline among the residents,
    /// when that is later: slack a request built up (a TTFT met early, tokens
    /// ahead of their deadlines) is spent on larger chunks.
    /// Takes the instance's id, not the instance: passing `fleet.instances[id]`
    /// by value copied it (every array it holds retained) on every iteration.
    /// `row`: the instance's profile at its attended KV, when the caller has it.
    static func dynamicChunk(_ id: Int, fleet: Fleet, at row: IterationTable.Row? = nil) -> Double {
        guard let tpot = fleet.instances[id].tightestTPOT else { return 0 }
        var budgetMs = tpot * 1000
        if fleet.deadlineAwareChunks, let next = fleet.instances[id].earliestNextDeadline() {
            budgetMs = max(budgetMs, (next - fleet.now) * 1000)
        }
        let kv = Double(fleet.instances[id].attendedKV)
        let profile = fleet.instances[id].type
        // Nothing prefilling: every decode runs whatever the budget, and no chunk needs sizing.
        guard fleet.instances[id].isPrefilling else { return fleet.profile(profile) { $0.largestTokenBatch(withinMs: budgetMs, kvTokens: kv) } }
        let decodes = Double(fleet.instances[id].decodeCount)
        let context = fleet.instances[id].nextChunkContext
        return decodes + fleet.profile(profile) {
            $0.largestChunk(withinMs: budgetMs, at: row ?? $0.row(kvTokens: kv), decodes: decodes, context: context)
        }
    }
}
