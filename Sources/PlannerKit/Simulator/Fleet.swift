import Profiling

/// The servers, their bins and the idle pool, and the mechanics every policy
/// shares: placing a request on an instance and starting its iterations.
/// Policies decide; the fleet carries out. Events it creates (iteration ends,
/// servers becoming ready) are queued in `scheduled` for the engine, in order.
struct Fleet {
    enum Scheduled { case iterationDone(Int), serverReady(Int), prefillDone(Int), kvArrived(Int) }

    var instances: [Instance] = []
    /// Instances in each bin (index into `binTpotSeconds`).
    var members: [[Int]]
    /// Servers of each bin taken from the pool and not yet ready (with a provisioning delay).
    var provisioning: [[Int]]
    /// Idle servers of each type, taken from the back.
    var idle: [[Int]]
    /// Bin TPOT values in seconds, tightest first.
    let binTpotSeconds: [Double]
    /// The profile of each server type (GPU type and parallelism), indexed by ``Instance/type``.
    var profiles: [LatencyProfile] { shelf.profiles }
    /// Server types: `profiles.count`.
    let types: Int
    /// The types the fleet has servers of (every type for an unbounded pool):
    /// what "some server could" ranges over in routing's bounds.
    let presentTypes: [Int]
    private let shelf: ProfileShelf
    /// Per bin, the server types in the order scale-up takes them (``ScaleUpOrder``).
    let scaleUpOrder: [[Int]]
    /// Per bin, the first type of its scale-up order that the fleet has servers of.
    let preferredType: [Int?]
    /// The fastest iteration of any type the fleet has (one token, no KV), ms.
    let fastestIterationMs: Double
    /// Per-tier facts, among them the class-average output used for admission (never the true length).
    let tiers: TierTable
    /// Whether new servers may be created when the idle pool is empty.
    let unbounded: Bool
    var now = 0.0
    /// Bin membership changes since the engine last looked, in order: the
    /// bin, the type of the server that joined or left, and the servers in
    /// the bin afterwards, in all and of that type.
    var binChanges: [(bin: Int, type: Int, servers: Int, ofType: Int)] = []
    /// Servers of each type in each bin, `[bin][type]`.
    private(set) var typeCounts: [[Int]]
    /// Events created since the engine last looked, in order.
    var scheduled: [(time: Double, event: Scheduled)] = []
    /// Instance-seconds of iterations attributed to each tier on each server
    /// type: an iteration's time divided among its requests by the tokens each
    /// processes in it. Flat, `[type · tiers + tier]`: one array, one write per tier.
    private(set) var busySecondsByType: [Double]
    /// Seconds a server taken from the idle pool needs before its first iteration.
    var provisioningDelay = 0.0
    /// Most servers an unbounded pool creates; past it requests wait, and
    /// `poolLimitReached` says the run understates what the policy would do.
    var poolLimit = Int.max
    /// Dynamic chunking may spend deadline slack (``SimulationConfig/deadlineAwareChunks``).
    var deadlineAwareChunks = false
    /// The steady-state token batch that admission and load project.
    var steadyBatch = SteadyBatch.decodeOnly
    private(set) var poolLimitReached = false
    /// Instances whose residents, iteration or bin changed since a policy last
    /// cleared the list (``clearTouched()``); each listed once, so at most n long.
    private(set) var touched: [Int] = []
    private var isTouched: [Bool] = []
    /// Disaggregated serving: the prefill instances and KV transfers; `nil` when co-located
    /// (then `instances` are the decode instances).
    var prefill: PrefillPool?
    /// The largest KV cache of any type, tokens (a bound for runs of mixed servers).
    let largestKVCapacity: Double
    /// The run's prefix chains when instances cache prompt prefixes (co-located serving); `nil` otherwise.
    private(set) var prefixes: PrefixTable?

    /// A fleet of `mix[g]` servers of type `g` (ids grouped by type, in type
    /// order), or an unbounded pool when `mix` is `nil`. Every bin takes new
    /// servers from the pool in `scaleUpOrder[bin]` (default: in profile order).
    init(binTpotSeconds: [Double], profiles: [LatencyProfile], tiers: TierTable, mix: [Int]?, scaleUpOrder: [[Int]]? = nil) {
        precondition(!profiles.isEmpty && (mix.map { $0.count == profiles.count } ?? true))
        self.binTpotSeconds = binTpotSeconds
        self.shelf = ProfileShelf(profiles)
        self.types = profiles.count
        let present = mix.map { m in m.indices.filter { m[$0] > 0 } } ?? Array(profiles.indices)
        let order = scaleUpOrder ?? Array(repeating: Array(profiles.indices), count: binTpotSeconds.count)
        self.presentTypes = present
        self.scaleUpOrder = order
        self.preferredType = order.map { $0.first { present.contains($0) } }
        self.fastestIterationMs = present.map { profiles[$0].decodeIterationMs(tokenBatch: 1, kvTokens: 0) }.min() ?? .infinity
        self.tiers = tiers
        self.members = Array(repeating: [], count: binTpotSeconds.count)
        self.provisioning = members
        self.idle = Array(repeating: [], count: profiles.count)
        self.typeCounts = Array(repeating: Array(repeating: 0, count: profiles.count), count: binTpotSeconds.count)
        self.busySecondsByType = Array(repeating: 0, count: profiles.count * tiers.expected.count)
        self.unbounded = mix == nil
        self.largestKVCapacity = Double(profiles.map(\.metadata.kvCapacityTokens).max()!)
        for (type, count) in (mix ?? []).enumerated() {
            for _ in 0..<count { instances.append(Instance(id: instances.count, tiers: tiers, type: type)) }
        }
    }

    /// One server type: `instances` servers of `profile`, or an unbounded pool.
    init(binTpotSeconds: [Double], profile: LatencyProfile, tiers: TierTable, instances: Int?) {
        self.init(binTpotSeconds: binTpotSeconds, profiles: [profile], tiers: tiers, mix: instances.map { [$0] })
    }

    /// Runs `body` with the profile of server type `type`, borrowed. Reading
    /// `profiles[type]` copies the element (retaining every array and string
    /// in it), several times per event; a final class's `let` property is
    /// borrowed in place, so the first type, the only one of a single-type
    /// fleet, costs nothing. The event loop reads profiles only through this.
    @inline(__always)
    func profile<R>(_ type: Int, _ body: (LatencyProfile) -> R) -> R {
        type == 0 ? body(shelf.first) : body(shelf.profiles[type])
    }

    /// Every instance, and every one the pool creates, caches prompt prefixes over `table`'s chains.
    mutating func enablePrefixCaching(_ table: PrefixTable) {
        prefixes = table
        for i in instances.indices { instances[i].enablePrefixCache(table) }
    }

    /// KV cache of instance `id`, tokens.
    func kvCapacity(_ id: Int) -> Int { shelf.kvCapacity[instances[id].type] }
    /// The engine's running-request cap on server `id` (`max_num_seqs`; `Int.max` without one).
    func runningCap(_ id: Int) -> Int { shelf.maxRunning[instances[id].type] }
    /// Iterations that server type `type`'s scheduler plans ahead of the GPU.
    func lookahead(_ type: Int) -> Int { shelf.lookahead[type] }

    /// Idle servers of every type.
    var idleCount: Int { idle.reduce(0) { $0 + $1.count } }

    /// Puts every server in the idle pool, each type's in id order from the back.
    mutating func idleAll() {
        for g in idle.indices { idle[g] = instances.indices.reversed().filter { instances[$0].type == g } }
    }

    mutating func touch(_ id: Int) {
        if id >= isTouched.count { isTouched.append(contentsOf: repeatElement(false, count: id + 1 - isTouched.count)) }
        if !isTouched[id] { isTouched[id] = true; touched.append(id) }
    }

    /// Empties ``touched`` once a policy has read it.
    @inline(__always)
    mutating func clearTouched() {
        for i in touched.indices { isTouched[touched[i]] = false }
        touched.removeAll(keepingCapacity: true)
    }

    // MARK: Bins and the idle pool

    /// Puts instance `id` in `bin` for good (fixed fleets, before the run).
    mutating func assign(_ id: Int, to bin: Int) {
        instances[id].bin = bin
        members[bin].append(id)
        typeCounts[bin][instances[id].type] += 1
        touch(id)
    }

    /// Takes a server from the idle pool (creating one when unbounded) into
    /// `bin`: of the first type in the bin's ``scaleUpOrder`` that has one idle
    /// (unbounded: of its first type). O(types).
    mutating func scaleUp(into bin: Int) -> Int? {
        var id: Int? = nil
        for g in scaleUpOrder[bin] where !idle[g].isEmpty { id = idle[g].popLast(); break }
        if id == nil, unbounded {
            guard instances.count < poolLimit else { poolLimitReached = true; return nil }
            id = instances.count
            instances.append(Instance(id: instances.count, tiers: tiers, type: scaleUpOrder[bin][0]))
            if let prefixes { instances[id!].enablePrefixCache(prefixes) }
        }
        guard let id else { return nil }
        instances[id].bin = bin
        members[bin].append(id)
        touch(id)
        let type = instances[id].type
        typeCounts[bin][type] += 1
        binChanges.append((bin, type, members[bin].count, typeCounts[bin][type]))
        if provisioningDelay > 0 {
            // Busy until ready: routing's TTFT prediction counts the wait like a running iteration.
            instances[id].busy = true
            instances[id].iterationEnd = now + provisioningDelay
            scheduled.append((now + provisioningDelay, .serverReady(id)))
            provisioning[bin].append(id)
        }
        return id
    }

    /// A provisioned server starts serving. O(servers provisioning in its bin).
    mutating func serverReady(_ id: Int) {
        instances[id].busy = false
        if let bin = instances[id].bin { provisioning[bin].removeAll { $0 == id } }
        touch(id)
    }

    /// Returns instance `id` to the idle pool. O(servers in its bin).
    mutating func release(_ id: Int) {
        guard let bin = instances[id].bin else { return }
        members[bin].removeAll { $0 == id }
        provisioning[bin].removeAll { $0 == id }
        instances[id].bin = nil
        touch(id)
        let type = instances[id].type
        idle[type].append(id)
        typeCounts[bin][type] -= 1
        binChanges.append((bin, type, members[bin].count, typeCounts[bin][type]))
    }

    // MARK: Placing and running

    /// Routes `slot` to instance `id`: it joins the waiting line, enters the
    /// batch if its prompt fits in the KV cache, and an idle instance starts an
    /// iteration with the policy's `budget`.
    mutating func place(_ slot: Slot, on id: Int, budget: TokenBudget) {
        instances[id].enqueue(slot, at: now)
        touch(id)
        admitWaiting(id)
        if !instances[id].busy { startIteration(id, budget: budget) }
    }

    /// Moves waiting requests into the batch while their prompt fits in the KV
    /// cache next to what the running requests still have to prefill.
    mutating func admitWaiting(_ id: Int) {
        guard !instances[id].waiting.isEmpty else { return }
        let admitted = instances[id].admissibleCount(capacity: kvCapacity(id), runningCap: runningCap(id))
        guard admitted > 0 else { return }
        instances[id].admit(admitted, now: now)
    }

    /// Plans the next iteration within `budget` tokens and schedules its end;
    /// an instance with nothing to run goes idle. `following`: an iteration
    /// ended just now, which an engine that schedules ahead planned this one
    /// during.
    mutating func startIteration(_ id: Int, budget: TokenBudget, following: Bool = false) {
        // Every iteration end starts the next one here, so this also covers what the iteration changed.
        touch(id)
        let type = instances[id].type, decodeCount = instances[id].decodeCount
        // The chunk and the iteration's length read the profile at the same KV (planning moves no KV).
        let row = profile(type) { $0.row(kvTokens: Double(instances[id].attendedKV)) }
        // The engine's budget counts a verify step's tokens; a dynamic budget is already in token steps.
        // Every decode runs whatever the budget: it only sizes prefill chunks, so
        // a decode-only iteration (most of them) skips the inverse lookups.
        let allowed = if !instances[id].isPrefilling { 0.0 } else {
            switch budget {
            case .fixed(let tokens): profile(type) { $0.stepBudget(tokens: tokens, decodes: decodeCount) }
            case .dynamic: PolyServePolicy.dynamicChunk(id, fleet: self, at: row)
            }
        }
        // A profile flat in the token batch gives an unbounded budget: no token limit.
        let tokens = allowed < Double(Int32.max) ? Int(allowed.rounded(.down)) : Int(Int32.max)
        // Scheduling ahead, the engine planned this iteration when the one now ending began.
        let seenBy = following && lookahead(instances[id].type) > 0 ? now - instances[id].lastIterationMs / 1000 : now
        let batch = instances[id].plan(budget: tokens, seenBy: seenBy)
        guard batch > 0 else {
            instances[id].busy = false
            return
        }
        // Read before the closure: a computed property of an element read inside it copied the instance.
        let sequences = Double(instances[id].plannedSequences)
        let decodes = Double(decodeCount)
        let ms = profile(type) { $0.stepMs(decodes: decodes, prefill: Double(batch) - decodes, at: row, sequences: sequences, prefillPairs: instances[id].prefillPairs) }
        let end = now + ms / 1000
        attribute(ms: ms, batch: batch, byTier: instances[id].batchByTier, type: type)
        instances[id].busy = true
        instances[id].lastIterationMs = ms
        instances[id].iterationEnd = end
        scheduled.append((end, .iterationDone(id)))
    }

    /// Divides an iteration of `ms` over `batch` tokens among the tiers by the
    /// tokens each ran in it (`byTier`), on server type `type`. O(tiers).
    mutating func attribute(ms: Double, batch: Int, byTier: [Int], type: Int) {
        let perToken = ms / 1000 / Double(batch)
        let offset = type * tiers.expected.count
        for (t, tokens) in byTier.enumerated() where tokens > 0 { busySecondsByType[offset + t] += perToken * Double(tokens) }
    }

    /// Instance-seconds attributed to each tier, over every type.
    var busySecondsByTier: [Double] {
        let n = tiers.expected.count
        return (0..<n).map { t in stride(from: t, to: busySecondsByType.count, by: n).reduce(0) { $0 + busySecondsByType[$1] } }
    }

    /// Instance-seconds attributed to each tier on type `type`.
    func busySeconds(ofType type: Int) -> [Double] {
        let n = tiers.expected.count
        return Array(busySecondsByType[(type * n)..<((type + 1) * n)])
    }

    // MARK: Projections

    /// Whether instance `a` is less loaded than `b` by projected KV: the
    /// least-loaded baselines' order. Servers with equal caches compare tokens
    /// (dividing both by the cache could round two different loads to a tie);
    /// others compare the share of their cache, so types compare fairly. O(tiers).
    func lessLoadedByKV(_ a: Int, _ b: Int) -> Bool {
        let ca = kvCapacity(a), cb = kvCapacity(b)
        if ca == cb { return instances[a].projectedKV < instances[b].projectedKV }
        return instances[a].projectedKV / Double(ca) < instances[b].projectedKV / Double(cb)
    }

    /// What a request adds to the steady-state token batch under ``steadyBatch``.
    func steadyTokens(of slot: Slot) -> Double { steadyBatch == .amortisedPrefill ? slot.steadyTokens : 1 }

    /// Steady-state view of an instance if `extra` joined it: token batch per
    /// iteration with each prompt amortised over its expected output, KV with
    /// every request grown to its expected final length, prefill still to do
    /// ahead of `extra`. O(tiers).
    @inline(__always)
    func projection(_ i: Int, adding extra: Slot? = nil) -> (tokens: Double, kv: Double, prefillAhead: Double, residents: Int) {
        // Field by field: binding the instance to a local copies it (every array it holds retained).
        let residents = instances[i].residents
        let tokens = steadyBatch == .amortisedPrefill ? instances[i].steadyTokens : Double(residents)
        var p = (tokens: tokens, kv: instances[i].projectedKV, prefillAhead: Double(instances[i].prefillAhead), residents: residents)
        if let extra {
            p.tokens += steadyTokens(of: extra)
            p.kv += extra.projectedKV
            p.residents += 1
        }
        return p
    }
}

/// A fleet's profiles behind one reference: keeps ``Fleet`` small (it is
/// passed around every event) and lets the first profile be borrowed in place.
private final class ProfileShelf: Sendable {
    let profiles: [LatencyProfile]
    let first: LatencyProfile
    let kvCapacity: [Int]
    /// Each type's engine cap on running requests (`Int.max`: none).
    let maxRunning: [Int]
    /// Each type's scheduler lookahead in iterations.
    let lookahead: [Int]

    init(_ profiles: [LatencyProfile]) {
        self.profiles = profiles
        self.first = profiles[0]
        self.kvCapacity = profiles.map(\.metadata.kvCapacityTokens)
        self.maxRunning = profiles.map { $0.metadata.maxRunningRequests ?? Int.max }
        self.lookahead = profiles.map(\.metadata.schedulerLookahead)
    }
}
