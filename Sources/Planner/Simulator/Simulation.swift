import DequeModule
import Foundation
import HeapModule
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
public struct Simulation {
    struct Event: Comparable {
        enum Kind { case arrival(Request), iterationDone(Int), serverReady(Int) }
        var time: Double
        var sequence: Int
        var kind: Kind
        static func < (a: Event, b: Event) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: Event, b: Event) -> Bool { a.time == b.time && a.sequence == b.sequence }
    }

    let workload: Workload
    let config: SimulationConfig
    let policyName: String
    var policy: any SchedulingPolicy
    var fleet: Fleet
    var events = Heap<Event>()
    var sequence = 0
    var pending: [Deque<Slot>]
    var metrics: MetricsRecorder
    var preemptions = 0
    var processed = 0
    /// Requests finished by the iteration being completed (a buffer reused across iterations).
    var completedSlots: [Slot] = []

    public init(workload: Workload, profile: LatencyProfile, policy name: String, config: SimulationConfig) throws {
        guard let policy = PolicyRegistry.make(name, seed: config.seed ?? workload.seed, staticBudget: config.staticTokenBudget) else {
            throw InputError(source: "--policy", "unknown policy '\(name)'; expected one of \(PolicyRegistry.names.joined(separator: ", "))")
        }
        if !policy.autoscales, config.instances == nil {
            throw InputError(source: "--instances", "policy '\(name)' needs a fixed fleet; give --instances N")
        }
        let workload = workload.scaled(by: config.rateScale)
        self.workload = workload
        self.config = config
        self.policyName = name
        self.policy = policy
        let levels = workload.tpotLevelsMs.map { $0 / 1000 }
        let tiers = TierTable(expected: workload.tiers.map(\.lengths.meanOutput), tpot: workload.tiers.map { $0.tpotMs / 1000 },
                              level: workload.tiers.map { t in workload.tpotLevelsMs.firstIndex(of: t.tpotMs)! }, levelTPOT: levels)
        fleet = Fleet(members: Array(repeating: [], count: levels.count), levelsSeconds: levels, profile: profile,
                      tiers: tiers, unbounded: config.instances == nil)
        if let n = config.instances {
            fleet.instances = (0..<n).map { Instance(id: $0, tiers: tiers) }
            if policy.autoscales { fleet.idle = Array((0..<n).reversed()) }
        }
        fleet.provisioningDelay = config.provisioningDelay
        pending = Array(repeating: Deque(), count: levels.count)
        metrics = MetricsRecorder(tiers: workload.tiers.map(\.name), bins: levels.count, warmup: workload.warmupSeconds)
        self.policy.prepare(&fleet, workload: workload)
        for bin in 0..<levels.count { metrics.binChanged(bin, to: fleet.members[bin].count, at: 0) }
        fleet.changedBins.removeAll()
    }

    /// Runs to the end of the arrivals plus the drain time.
    public mutating func run() -> SimulationResult {
        let start = DispatchTime.now().uptimeNanoseconds
        var stream = RequestStream(workload: workload, seed: config.seed)
        var lastArrival = 0.0
        if let first = stream.next() { push(first.arrival, .arrival(first)) }
        while let event = events.popMin() {
            if event.time > lastArrival + config.drainSeconds, stream.isExhausted { break }
            fleet.now = event.time
            processed += 1
            switch event.kind {
            case .arrival(let request):
                lastArrival = request.arrival
                metrics.arrived(request)
                arrive(request)
                if let next = stream.next() { push(next.arrival, .arrival(next)) }
            case .iterationDone(let id):
                completeIteration(id)
            case .serverReady(let id):
                fleet.instances[id].busy = false
                startIteration(id)
            }
        }
        let unfinished = fleet.instances.reduce(0) { $0 + $1.residents } + pending.reduce(0) { $0 + $1.count }
        for instance in fleet.instances { for slot in instance.allResidents() { metrics.unfinished(slot.request) } }
        for queue in pending { for slot in queue { metrics.unfinished(slot.request) } }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return metrics.result(policy: policyName, instances: config.instances, rateScale: config.rateScale,
                              seed: config.seed ?? workload.seed, unfinished: unfinished, levelsMs: workload.tpotLevelsMs,
                              end: fleet.now, preemptions: preemptions, wall: wall, events: processed)
    }

    mutating func push(_ time: Double, _ kind: Event.Kind) {
        sequence += 1
        events.insert(Event(time: time, sequence: sequence, kind: kind))
    }

    mutating func arrive(_ request: Request) {
        let slot = Slot(request: request, expectedOutput: fleet.tiers.expected[request.tier])
        let bin = fleet.bin(of: request)
        if policy.queuesInRouter, !pending[bin].isEmpty { pending[bin].append(slot); return }
        if let id = route(slot) { place(slot, on: id) } else { pending[bin].append(slot) }
    }

    mutating func route(_ slot: Slot) -> Int? {
        let id = policy.route(slot, fleet: &fleet)
        recordFleetChanges()
        return id
    }

    /// Logs bin membership changes and schedules servers that are being provisioned.
    mutating func recordFleetChanges() {
        for bin in fleet.changedBins { metrics.binChanged(bin, to: fleet.members[bin].count, at: fleet.now) }
        fleet.changedBins.removeAll(keepingCapacity: true)
        for id in fleet.provisioning { push(fleet.instances[id].iterationEnd, .serverReady(id)) }
        fleet.provisioning.removeAll(keepingCapacity: true)
    }

    mutating func place(_ slot: Slot, on id: Int) {
        fleet.instances[id].enqueue(slot)
        admitWaiting(id)
        if !fleet.instances[id].busy { startIteration(id) }
    }

    /// Moves waiting requests into the batch while their prompt fits in the KV
    /// cache next to what the running requests still have to prefill.
    mutating func admitWaiting(_ id: Int) {
        guard !fleet.instances[id].waiting.isEmpty else { return }
        let admitted = fleet.instances[id].admissibleCount(capacity: fleet.profile.metadata.kvCapacityTokens)
        guard admitted > 0 else { return }
        fleet.instances[id].admit(admitted)
    }

    mutating func startIteration(_ id: Int) {
        // A profile flat in the token batch gives an unbounded budget: no token limit.
        let allowed = policy.tokenBudget(fleet.instances[id], fleet: fleet)
        let budget = allowed < Double(Int32.max) ? Int(allowed.rounded(.down)) : Int(Int32.max)
        let batch = fleet.instances[id].plan(budget: budget)
        guard batch > 0 else {
            fleet.instances[id].busy = false
            return
        }
        let ms = fleet.profile.iterationMs(tokenBatch: Double(batch), kvTokens: Double(fleet.instances[id].kvUsed))
        let end = fleet.now + ms / 1000
        fleet.instances[id].busy = true
        fleet.instances[id].lastIterationMs = ms
        fleet.instances[id].iterationEnd = end
        push(end, .iterationDone(id))
    }

    mutating func completeIteration(_ id: Int) {
        let now = fleet.now
        let finished = fleet.instances[id].finish(now: now, completed: &completedSlots)
        for slot in completedSlots { metrics.completed(slot, at: now) }
        completedSlots.removeAll(keepingCapacity: true)
        // Growth past the cache: preempt the newest request and recompute it later.
        let capacity = fleet.profile.metadata.kvCapacityTokens
        while fleet.instances[id].kvUsed > capacity, fleet.instances[id].runningCount > 1 {
            fleet.instances[id].preemptNewest()
            preemptions += 1
        }
        admitWaiting(id)
        if policy.autoscales, fleet.instances[id].isEmpty {
            fleet.release(id)
            recordFleetChanges()
            retryPending(from: 0)
        } else {
            startIteration(id)
            if finished, let bin = fleet.instances[id].bin { retryPending(from: bin) }
        }
    }

    /// Retries the router queues of `bin` and every looser bin, FIFO, stopping
    /// at the first request of each queue that still cannot be placed.
    mutating func retryPending(from bin: Int) {
        guard policy.queuesInRouter else { return }
        for b in bin..<pending.count {
            while let head = pending[b].first, let id = route(head) {
                pending[b].removeFirst()
                place(head, on: id)
            }
        }
    }
}
