import Profiling

/// The servers, their bins and the idle pool, and the mechanics every policy
/// shares: placing a request on an instance and starting its iterations.
/// Policies decide; the fleet carries out. Events it creates (iteration ends,
/// servers becoming ready) are queued in `scheduled` for the engine, in order.
struct Fleet {
    enum Scheduled { case iterationDone(Int), serverReady(Int) }

    var instances: [Instance] = []
    /// Instances in each bin (index into `levelsSeconds`).
    var members: [[Int]]
    /// Servers of each bin taken from the pool and not yet ready (with a provisioning delay).
    var provisioning: [[Int]]
    var idle: [Int] = []
    /// Bin TPOT values in seconds, tightest first.
    let levelsSeconds: [Double]
    let profile: LatencyProfile
    /// Per-tier facts, among them the class-average output used for admission (never the true length).
    let tiers: TierTable
    /// Whether new servers may be created when the idle pool is empty.
    let unbounded: Bool
    var now = 0.0
    /// Bin membership changes `(bin, servers)` since the engine last looked, in order.
    var binChanges: [(bin: Int, servers: Int)] = []
    /// Events created since the engine last looked, in order.
    var scheduled: [(time: Double, event: Scheduled)] = []
    /// Instance-seconds of iterations attributed to each tier: an iteration's
    /// time divided among its requests by the tokens each processes in it.
    var busySecondsByTier: [Double]
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

    init(levelsSeconds: [Double], profile: LatencyProfile, tiers: TierTable, instances: Int?) {
        self.levelsSeconds = levelsSeconds
        self.profile = profile
        self.tiers = tiers
        self.members = Array(repeating: [], count: levelsSeconds.count)
        self.provisioning = members
        self.busySecondsByTier = Array(repeating: 0, count: tiers.expected.count)
        self.unbounded = instances == nil
        self.instances = (0..<(instances ?? 0)).map { Instance(id: $0, tiers: tiers) }
    }

    var kvCapacity: Double { Double(profile.metadata.kvCapacityTokens) }

    mutating func touch(_ id: Int) {
        if id >= isTouched.count { isTouched.append(contentsOf: repeatElement(false, count: id + 1 - isTouched.count)) }
        if !isTouched[id] { isTouched[id] = true; touched.append(id) }
    }

    /// Empties ``touched`` once a policy has read it.
    mutating func clearTouched() {
        for i in touched.indices { isTouched[touched[i]] = false }
        touched.removeAll(keepingCapacity: true)
    }

    // MARK: Bins and the idle pool

    /// Puts instance `id` in `bin` for good (fixed fleets, before the run).
    mutating func assign(_ id: Int, to bin: Int) {
        instances[id].bin = bin
        members[bin].append(id)
        touch(id)
    }

    /// Takes a server from the idle pool (creating one when unbounded) into `bin`. O(1).
    mutating func scaleUp(into bin: Int) -> Int? {
        let id: Int
        if let last = idle.popLast() { id = last }
        else if unbounded, instances.count < poolLimit { id = instances.count; instances.append(Instance(id: id, tiers: tiers)) }
        else if unbounded { poolLimitReached = true; return nil }
        else { return nil }
        instances[id].bin = bin
        members[bin].append(id)
        touch(id)
        binChanges.append((bin, members[bin].count))
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
        idle.append(id)
        binChanges.append((bin, members[bin].count))
    }

    // MARK: Placing and running

    /// Routes `slot` to instance `id`: it joins the waiting line, enters the
    /// batch if its prompt fits in the KV cache, and an idle instance starts an
    /// iteration with the policy's `budget`.
    mutating func place(_ slot: Slot, on id: Int, budget: TokenBudget) {
        instances[id].enqueue(slot)
        touch(id)
        admitWaiting(id)
        if !instances[id].busy { startIteration(id, budget: budget) }
    }

    /// Moves waiting requests into the batch while their prompt fits in the KV
    /// cache next to what the running requests still have to prefill.
    mutating func admitWaiting(_ id: Int) {
        guard !instances[id].waiting.isEmpty else { return }
        let admitted = instances[id].admissibleCount(capacity: profile.metadata.kvCapacityTokens)
        guard admitted > 0 else { return }
        instances[id].admit(admitted)
    }

    /// Plans the next iteration within `budget` tokens and schedules its end;
    /// an instance with nothing to run goes idle.
    mutating func startIteration(_ id: Int, budget: TokenBudget) {
        // Every iteration end starts the next one here, so this also covers what the iteration changed.
        touch(id)
        let allowed = switch budget {
        case .fixed(let tokens): tokens
        case .dynamic: PolyServePolicy.dynamicChunk(id, fleet: self)
        }
        // A profile flat in the token batch gives an unbounded budget: no token limit.
        let tokens = allowed < Double(Int32.max) ? Int(allowed.rounded(.down)) : Int(Int32.max)
        let batch = instances[id].plan(budget: tokens)
        guard batch > 0 else {
            instances[id].busy = false
            return
        }
        let ms = profile.iterationMs(tokenBatch: Double(batch), kvTokens: Double(instances[id].kvUsed), prefillPairs: instances[id].prefillPairs)
        let end = now + ms / 1000
        let perToken = ms / 1000 / Double(batch)
        for (t, tokens) in instances[id].batchByTier.enumerated() where tokens > 0 { busySecondsByTier[t] += perToken * Double(tokens) }
        instances[id].busy = true
        instances[id].lastIterationMs = ms
        instances[id].iterationEnd = end
        scheduled.append((end, .iterationDone(id)))
    }

    // MARK: Projections

    /// What a request adds to the steady-state token batch under ``steadyBatch``.
    func steadyTokens(of slot: Slot) -> Double { steadyBatch == .amortisedPrefill ? slot.steadyTokens : 1 }

    /// Steady-state view of an instance if `extra` joined it: token batch per
    /// iteration with each prompt amortised over its expected output, KV with
    /// every request grown to its expected final length, prefill still to do
    /// ahead of `extra`. O(tiers).
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

/// How many tokens (decodes plus prefill) an iteration may run: a policy's chunking rule.
enum TokenBudget: Sendable, Equatable {
    /// A static budget per iteration (the SLO-unaware baselines).
    case fixed(Double)
    /// PolyServe's dynamic chunking, ``PolyServePolicy/dynamicChunk(_:fleet:)``.
    case dynamic
}

/// The token batch of PolyServe's steady-state projection (admission (c) and load).
public enum SteadyBatch: String, Sendable, Codable, CaseIterable {
    /// One decode token per resident plus its prompt spread over its expected
    /// output, `(prompt + expected) / expected`: the prefill work that keeps
    /// the residents turning over. The first version's refinement; it refuses
    /// requests whose prompts dwarf their outputs long before their deadlines
    /// are at risk (README, "Policy suite").
    case amortisedPrefill = "amortised-prefill"
    /// One decode token per resident, prefill left to dynamic chunking and to
    /// the TTFT test (the plain reading of POLYSERVE.md's "every resident grown
    /// to its expected final length"); the default.
    case decodeOnly = "decode-only"
}
