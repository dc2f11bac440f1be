import Foundation
import Profiling

/// A discrete-event simulation of one fleet under one policy.
///
/// Events are arrivals and iteration completions. Each instance runs one
/// iteration at a time: one decode token per request past its prefill, plus
/// prefill chunks (first come, first served) up to the policy's token budget;
/// its length is the profile's prediction at that token batch and the KV
/// resident when it starts. Every output token is checked against its own
/// deadline. KV is accounted exactly: a request enters the batch only when its
/// prompt fits, and when growth overflows the cache the newest request is
/// preempted and later recomputed (vLLM's recompute preemption).
///
/// The engine only keeps time and applies iterations; where requests go and
/// how servers move between bins is the policy's (``SchedulingPolicy``).
public struct Simulation {
    /// Something the fleet scheduled. Arrivals stay out of the heap (only the
    /// next one is pending), which keeps its elements small and cheap to move.
    struct Event: Comparable {
        var time: Double
        var sequence: Int
        var scheduled: Fleet.Scheduled
        static func < (a: Event, b: Event) -> Bool { a.time < b.time || (a.time == b.time && a.sequence < b.sequence) }
        static func == (a: Event, b: Event) -> Bool { a.time == b.time && a.sequence == b.sequence }
    }

    let workload: Workload
    let config: SimulationConfig
    let policyID: PolicyID
    var policy: any SchedulingPolicy
    var fleet: Fleet
    var events = MinHeap<Event>()
    var sequence = 0
    var metrics: MetricsRecorder
    var preemptions = 0
    var processed = 0
    /// The profile's per-request engine time, seconds (``ProfileMetadata/requestOverheadMs``).
    let requestOverhead: Double
    /// Requests finished by the iteration being completed (a buffer reused across iterations).
    var completedSlots: [Slot] = []
    /// A closed loop's clients; `nil` for open arrivals.
    var clients: ClosedLoopClients?

    /// A fleet of one server type.
    /// - Throws: ``SimulationError/needsFixedFleet(_:)`` when `config.instances`
    ///   is `nil` for a policy that cannot size its own fleet.
    public init(workload: Workload, profile: LatencyProfile, policy id: PolicyID, config: SimulationConfig) throws(SimulationError) {
        try self.init(workload: workload, profiles: [profile], policy: id, config: config)
    }

    /// A fleet of one or more server types (profiles of one model): a fixed
    /// fleet of `config.mix` (or `config.instances` of a single profile), or an
    /// unbounded idle pool whose bins take types in `config.scaleUpOrder`.
    /// - Throws: ``SimulationError`` for a fleet the configuration does not describe.
    public init(workload: Workload, profiles: [LatencyProfile], policy id: PolicyID, config: SimulationConfig) throws(SimulationError) {
        let profiles = workload.deployed(profiles)
        guard let first = profiles.first else { throw .noProfile }
        var config = config
        if let mix = config.mix {
            guard mix.count == profiles.count, mix.allSatisfy({ $0 >= 0 }) else { throw .mixMismatch(types: profiles.count, given: mix.count) }
            let total = mix.reduce(0, +)
            if let n = config.instances, n != total { throw .mixMismatch(types: profiles.count, given: mix.count) }
            config.instances = total
        } else if profiles.count > 1, config.instances != nil {
            throw .needsMix(types: profiles.count)
        }
        if let other = profiles.first(where: { $0.metadata.model != first.metadata.model }) {
            throw .mixedModels(first.metadata.model, other.metadata.model)
        }
        if profiles.contains(where: { $0.metadata.requestOverheadMs != first.metadata.requestOverheadMs }) { throw .mixedRequestOverheads }
        if !id.sizesItsOwnFleet, config.instances == nil { throw .needsFixedFleet(id) }
        if config.disaggregation != nil {
            guard profiles.count == 1 else { throw .disaggregatedNeedsOneType }
            guard first.speculation == nil else { throw .speculationWithDisaggregation }
            guard config.prefillInstances >= 1, config.prefillInstances <= config.limits.instances else {
                throw .prefillInstances(config.prefillInstances, limit: config.limits.instances)
            }
        }
        let workload = workload.scaled(by: config.rateScale)
        if case let .closed(users, think) = workload.arrivals {
            guard case .requests = workload.runLength else { throw .closedLoopNeedsRequestCount }
            clients = ClosedLoopClients(users: users, thinkSeconds: think)
        }
        switch workload.runLength {
        case .seconds(let seconds) where seconds * workload.totalRate > Double(config.limits.requests):
            throw .tooManyRequests(expected: seconds * workload.totalRate, limit: config.limits.requests)
        case .requests(let n) where n > config.limits.requests:
            throw .tooManyRequests(expected: Double(n), limit: config.limits.requests)
        default: break
        }
        if let n = config.instances, n > config.limits.instances { throw .tooManyInstances(n, limit: config.limits.instances) }
        self.workload = workload
        self.config = config
        self.policyID = id
        let tiers = TierTable(workload: workload)
        let order = profiles.count > 1 ? (config.scaleUpOrder ?? .cheapestPerCapacity(workload: workload, profiles: profiles)).types : nil
        fleet = Fleet(binTpotSeconds: tiers.binTpotSeconds, profiles: profiles, tiers: tiers,
                      mix: config.mix ?? config.instances.map { [$0] }, scaleUpOrder: order)
        if let d = config.disaggregation { fleet.prefill = PrefillPool(servers: config.prefillInstances, tiers: tiers, disaggregation: d) }
        // Co-located instances cache prompt prefixes; a disaggregated fleet's prefill pool does not (yet).
        else if let table = workload.prefixTable { fleet.enablePrefixCaching(table) }
        fleet.provisioningDelay = config.provisioningDelay
        fleet.poolLimit = config.limits.instances
        fleet.steadyBatch = config.polyserve.steadyBatch
        fleet.deadlineAwareChunks = config.polyserve.deadlineAwareChunks
        requestOverhead = first.metadata.requestOverheadMs / 1000
        metrics = MetricsRecorder(tiers: workload.tiers.map(\.name), bins: tiers.bins, warmup: workload.warmupSeconds,
                                  requestOverhead: requestOverhead, schedule: workload.schedule,
                                  serverTypes: profiles.count > 1 ? profiles.map(\.metadata.serverType) : nil)
        metrics.caching = fleet.prefixes != nil
        policy = id.make(seed: config.seed ?? workload.seed, staticTokenBudget: config.staticTokenBudget, polyserve: config.polyserve)
        policy.prepare(&fleet, workload: workload)
        if config.checkInvariants { policy.enableSelfChecks() }
        for bin in 0..<tiers.bins {
            for g in profiles.indices {
                metrics.binChanged(bin, to: fleet.members[bin].count, type: g, ofType: fleet.typeCounts[bin][g], at: 0)
            }
        }
    }

    /// Runs to the end of the arrivals plus the drain time.
    public mutating func run() -> SimulationResult {
        let start = DispatchTime.now().uptimeNanoseconds
        runEvents()
        var unfinished = policy.held
        for instance in fleet.instances { unfinished += instance.allResidents() }
        unfinished += fleet.prefill?.residents ?? []
        for slot in unfinished { metrics.unfinished(slot.request) }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var result = metrics.result(policy: policyID, instances: config.instances, rateScale: config.rateScale,
                              seed: config.seed ?? workload.seed, unfinished: unfinished.count, binTpotMs: workload.tpotBinsMs,
                              end: fleet.now, preemptions: preemptions, wall: wall, events: processed,
                              busySeconds: fleet.busySecondsByTier, poolLimitReached: fleet.poolLimitReached, routing: policy.routing,
                              typeInstances: fleet.profiles.indices.map { g in fleet.instances.reduce(0) { $0 + ($1.type == g ? 1 : 0) } },
                              typeBusySeconds: fleet.profiles.indices.map { fleet.busySeconds(ofType: $0) })
        result.prefillInstances = fleet.prefill?.servers.count
        if fleet.prefixes != nil {
            result.prefixCache = .init(admitted: fleet.instances.map(\.admittedPromptTokens), cached: fleet.instances.map(\.cachedPromptTokens),
                                      evicted: fleet.instances.reduce(0) { $0 + $1.evictedTokens })
        }
        return result
    }

    /// Runs the event loop with the concrete policy type, so that the hooks it
    /// calls every event are direct (specialised) calls, not witness-table ones.
    mutating func runEvents() {
        switch policy {
        case var p as PolyServePolicy: runEvents(&p); policy = p
        case var p as RandomPolicy: runEvents(&p); policy = p
        case var p as MinimalPolicy: runEvents(&p); policy = p
        case var p as CoChunkPolicy: runEvents(&p); policy = p
        case var p as PartitionedPolicy: runEvents(&p); policy = p
        default: var p = policy; runEvents(&p); policy = p
        }
    }

    /// The request as the engine sees it: a constant per-request overhead `d`
    /// before the first iteration is the same as arriving `d` later with `d`
    /// less TTFT, so every deadline stays where the user's SLO puts it (a TTFT
    /// target below `d` gives a negative budget: late on arrival). The
    /// recorder adds `d` back to each TTFT.
    func reachingEngine(_ request: Request) -> Request {
        guard requestOverhead > 0 else { return request }
        var r = request
        r.arrival += requestOverhead
        r.ttftSLO -= requestOverhead
        return r
    }

    mutating func runEvents<Policy: SchedulingPolicy>(_ policy: inout Policy) {
        var stream = RequestStream(workload: workload, seed: config.seed)
        var lastArrival = 0.0, arrivals = 0
        // Read once: the loop only compares a count, and calls the bar every `progressEvery` arrivals.
        let progress = config.progress, progressEvery = max(config.progressEvery, 1)
        var nextTick = progress == nil ? Int.max : progressEvery
        // The pending arrival and its sequence number, which orders it against fleet events at the same time.
        var arrival: (request: Request, sequence: Int)? = nextArrival(&stream)
        while true {
            let fleetEvent = events.min
            if let next = arrival, fleetEvent.map({ (next.request.arrival, next.sequence) < ($0.time, $0.sequence) }) ?? true {
                let request = next.request
                fleet.now = request.arrival
                processed += 1
                lastArrival = request.arrival
                arrivals += 1
                if arrivals == nextTick { nextTick += progressEvery; progress?() }
                metrics.arrived(request)
                let slot = Slot(request: request, expectedOutput: fleet.tiers.expected[request.tier])
                // Disaggregated: every prompt goes to the shared prefill pool; the policy places it for decode when its KV arrives.
                if fleet.prefill != nil { fleet.placePrefill(slot) } else { policy.arrived(slot, fleet: &fleet) }
                arrival = nextArrival(&stream)
            } else if let event = fleetEvent {
                // A closed loop's clients all waiting on replies is not the end of its arrivals.
                if event.time > lastArrival + config.drainSeconds, arrival == nil, clients == nil || stream.isExhausted { break }
                // The event stays on top of the heap until takeFleetChanges: the
                // iteration it starts (nearly always one) replaces it in one sift.
                fleet.now = event.time
                processed += 1
                switch event.scheduled {
                case .iterationDone(let id):
                    completeIteration(id, policy: &policy)
                case .serverReady(let id):
                    fleet.serverReady(id)
                    fleet.startIteration(id, budget: policy.tokenBudget)
                case .prefillDone(let p):
                    fleet.completePrefill(p, completed: &completedSlots)
                    recordCompleted(at: fleet.now)
                case .kvArrived(let index):
                    policy.arrived(fleet.prefill!.finishTransfer(index), fleet: &fleet)
                }
                takeFleetChanges(replacingMin: true)
                // The instance whose iteration ended is the one whose aggregates just changed the most.
                // A run-time switch, not `#if DEBUG`: the tests run optimised and still check.
                if config.checkInvariants, case .iterationDone(let id) = event.scheduled { _checkInvariants(only: id) }
            } else {
                break
            }
            takeFleetChanges()
            if arrival == nil, clients != nil, !stream.isExhausted { arrival = nextArrival(&stream) }
        }
    }

    /// The next arrival as the engine sees it, with its sequence number: the
    /// stream's next, or for a closed loop the next idle client's request
    /// (`nil` while every client waits for a reply).
    mutating func nextArrival(_ stream: inout RequestStream) -> (request: Request, sequence: Int)? {
        let request: Request?
        if clients != nil {
            guard let time = clients!.nextSend, let r = stream.next(arrivingAt: time) else { return nil }
            clients!.sent()
            request = r
        } else {
            request = stream.next()
        }
        return request.map { (reachingEngine($0), nextSequence()) }
    }

    /// The requests in ``completedSlots`` ended at `time`: into the metrics,
    /// and each one's closed-loop client may send again. Empties the buffer.
    mutating func recordCompleted(at time: Double) {
        guard !completedSlots.isEmpty else { return }
        // Indexed, so the buffer is not shared while it is emptied (see takeFleetChanges).
        for i in completedSlots.indices {
            metrics.completed(completedSlots[i], at: time)
            clients?.requestEnded(at: time)
        }
        completedSlots.removeAllKeepingBuffer()
    }

    mutating func nextSequence() -> Int {
        sequence += 1
        return sequence
    }

    /// Moves what the fleet scheduled and the bin changes it made into the
    /// event queue and the metrics, in order. `replacingMin`: the event at the
    /// top of the queue was just handled and leaves it now (its place taken by
    /// the first new event: one sift down instead of a removal and an insertion).
    mutating func takeFleetChanges(replacingMin: Bool = false) {
        // Indexed, not iterated: a for-in over the array would share its buffer
        // and make the removeAll below allocate a new one on every event.
        if !fleet.binChanges.isEmpty {
            for i in fleet.binChanges.indices {
                let change = fleet.binChanges[i]
                metrics.binChanged(change.bin, to: change.servers, type: change.type, ofType: change.ofType, at: fleet.now)
            }
            fleet.binChanges.removeAll(keepingCapacity: true)
        }
        if fleet.scheduled.isEmpty {
            if replacingMin { events.removeMin() }
            return
        }
        for i in fleet.scheduled.indices {
            let event = Event(time: fleet.scheduled[i].time, sequence: nextSequence(), scheduled: fleet.scheduled[i].event)
            if replacingMin, i == 0 { _ = events.replaceMin(with: event) } else { events.insert(event) }
        }
        fleet.scheduled.removeAllKeepingBuffer()
    }

    mutating func completeIteration<Policy: SchedulingPolicy>(_ id: Int, policy: inout Policy) {
        let now = fleet.now
        let finished = fleet.instances[id].finish(now: now, completed: &completedSlots)
        recordCompleted(at: now)
        // Growth past the cache: preempt the newest request and recompute it later.
        let capacity = fleet.kvCapacity(id)
        // Cached prefixes nobody uses go first.
        fleet.instances[id].evictToFit(capacity)
        while fleet.instances[id].kvUsed > capacity, fleet.instances[id].runningCount > 1 {
            fleet.instances[id].preemptNewest(now: now)
            preemptions += 1
        }
        fleet.admitWaiting(id)
        fleet.startIteration(id, budget: policy.tokenBudget, following: true)
        policy.iterationEnded(on: id, requestsLeft: finished, fleet: &fleet)
    }
}

/// Why a simulation cannot run as configured.
public enum SimulationError: Error, Equatable, CustomStringConvertible {
    case needsFixedFleet(PolicyID)
    /// The run would simulate more requests than ``RunLimits/requests``.
    case tooManyRequests(expected: Double, limit: Int)
    /// A fixed fleet larger than ``RunLimits/instances``.
    case tooManyInstances(Int, limit: Int)
    case noProfile
    /// A closed loop's length is a number of requests (its duration follows from its latency).
    case closedLoopNeedsRequestCount
    /// A fixed fleet of several profiles needs a count per profile.
    case needsMix(types: Int)
    /// The counts per profile do not match the profiles (or the instance count).
    case mixMismatch(types: Int, given: Int)
    case mixedModels(String, String)
    /// Profiles whose per-request engine time differs (one fleet runs one engine).
    case mixedRequestOverheads
    /// Disaggregated serving runs on one server type.
    case disaggregatedNeedsOneType
    /// A disaggregated fleet's prefill instances out of range.
    case prefillInstances(Int, limit: Int)
    /// Speculative decoding is not modelled on a disaggregated fleet.
    case speculationWithDisaggregation

    public var description: String {
        switch self {
        case .needsFixedFleet(let id): "policy '\(id)' needs a fixed fleet: give it a number of instances"
        case let .tooManyRequests(n, limit):
            "the run would simulate about \(fmtShort(n)) requests, more than the limit of \(limit) per run; shorten the run, lower the rate, or raise the limit with --max-requests (up to \(RunLimits.requestCeiling))"
        case let .tooManyInstances(n, limit):
            "a fleet of \(n) instances is more than the limit of \(limit); raise it with --max-instances (up to \(RunLimits.instanceCeiling))"
        case .noProfile: "a simulation needs at least one profile"
        case .closedLoopNeedsRequestCount: "a closed loop runs for a number of requests, not seconds"
        case .needsMix(let types):
            "a fixed fleet of \(types) server types needs a count of each (--mix with \(types) counts, in the order of the profiles)"
        case let .mixMismatch(types, given):
            "the fleet's mix gives \(given) counts (each 0 or more, summing to the instances) for \(types) profiles; give one count per profile"
        case let .mixedModels(a, b): "the profiles are for different models (\(a) and \(b)); one fleet serves one model"
        case .disaggregatedNeedsOneType: "disaggregated serving is simulated on one server type; give one profile"
        case let .prefillInstances(n, limit): "a disaggregated fleet needs 1 to \(limit) prefill instances, not \(n)"
        case .speculationWithDisaggregation: "speculative decoding is not modelled with disaggregated serving (its prefill instances would run no drafts); serve colocated"
        case .mixedRequestOverheads: "the profiles record different per-request engine overheads; one fleet runs one engine, so regenerate them with the same --engine"
        }
    }
}
