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
        enum Kind { case arrival(Request), iterationDone(Int) }
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
        fleet = Fleet(members: Array(repeating: [], count: levels.count), levelsSeconds: levels, profile: profile,
                      meanOutput: workload.tiers.map(\.lengths.meanOutput), unbounded: config.instances == nil)
        if let n = config.instances {
            fleet.instances = (0..<n).map { Instance(id: $0) }
            if policy.autoscales { fleet.idle = Array((0..<n).reversed()) }
        }
        pending = Array(repeating: Deque(), count: levels.count)
        metrics = MetricsRecorder(tiers: workload.tiers.map(\.name), bins: levels.count, warmup: workload.warmupSeconds)
        self.policy.prepare(&fleet, workload: workload)
        for bin in 0..<levels.count { metrics.binChanged(bin, to: fleet.members[bin].count, at: 0) }
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
                if let next = stream.next() { push(next.arrival, .arrival(next)) } else { stream.isExhausted = true }
            case .iterationDone(let id):
                completeIteration(id)
            }
        }
        let unfinished = fleet.instances.reduce(0) { $0 + $1.running.count + $1.waiting.count } + pending.reduce(0) { $0 + $1.count }
        for instance in fleet.instances { for slot in instance.running + instance.waiting { metrics.unfinished(slot.request) } }
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
        let slot = Slot(request: request, prefillTarget: request.prompt, expectedOutput: fleet.meanOutput[request.tier])
        let bin = fleet.bin(of: request)
        if policy.queuesInRouter, !pending[bin].isEmpty { pending[bin].append(slot); return }
        if let id = route(slot) { place(slot, on: id) } else { pending[bin].append(slot) }
    }

    mutating func route(_ slot: Slot) -> Int? {
        let before = fleet.members.map(\.count)
        let id = policy.route(slot, fleet: &fleet)
        for bin in fleet.members.indices where fleet.members[bin].count != before[bin] {
            metrics.binChanged(bin, to: fleet.members[bin].count, at: fleet.now)
        }
        return id
    }

    mutating func place(_ slot: Slot, on id: Int) {
        fleet.instances[id].waiting.append(slot)
        admitWaiting(id)
        if !fleet.instances[id].busy { startIteration(id) }
    }

    /// Moves waiting requests into the batch while their prompt fits in the KV cache.
    mutating func admitWaiting(_ id: Int) {
        let capacity = fleet.profile.metadata.kvCapacityTokens
        var used = fleet.instances[id].kvUsed + fleet.instances[id].running.reduce(0) { $0 + $1.prefillTarget - $1.prefilled }
        while let next = fleet.instances[id].waiting.first, used + next.prefillTarget <= capacity || fleet.instances[id].running.isEmpty {
            fleet.instances[id].waiting.removeFirst()
            used += next.prefillTarget
            fleet.instances[id].running.append(next)
        }
    }

    mutating func startIteration(_ id: Int) {
        var instance = fleet.instances[id]
        let decodes = instance.running.reduce(0) { $0 + ($1.inDecode ? 1 : 0) }
        var room = max(0, Int(policy.tokenBudget(instance, fleet: fleet).rounded(.down)) - decodes)
        instance.chunkPlan = instance.running.map { slot in
            guard !slot.inDecode, room > 0 else { return 0 }
            let chunk = min(room, slot.prefillTarget - slot.prefilled)
            room -= chunk
            return chunk
        }
        // A budget below the decode count still lets the oldest prefill advance by one token.
        if decodes == 0, instance.chunkPlan.allSatisfy({ $0 == 0 }), let first = instance.running.firstIndex(where: { !$0.inDecode }) {
            instance.chunkPlan[first] = 1
        }
        let batch = decodes + instance.chunkPlan.reduce(0, +)
        guard batch > 0 else {
            instance.busy = false
            fleet.instances[id] = instance
            return
        }
        let ms = fleet.profile.iterationMs(tokenBatch: Double(batch), kvTokens: Double(instance.kvUsed))
        instance.busy = true
        instance.lastIterationMs = ms
        instance.iterationEnd = fleet.now + ms / 1000
        fleet.instances[id] = instance
        push(instance.iterationEnd, .iterationDone(id))
    }

    mutating func completeIteration(_ id: Int) {
        let now = fleet.now
        var instance = fleet.instances[id]
        var finished = false
        var kept: [Slot] = []
        kept.reserveCapacity(instance.running.count)
        for (index, var slot) in instance.running.enumerated() {
            let participated = index < instance.chunkPlan.count
            if participated {
                let chunk = instance.chunkPlan[index]
                var produced = false
                if chunk > 0 {
                    slot.prefilled += chunk
                    produced = slot.prefilled >= slot.prefillTarget
                } else if slot.inDecode {
                    produced = true
                }
                if produced {
                    slot.generated += 1
                    if slot.firstTokenTime < 0 { slot.firstTokenTime = now }
                    if now > slot.request.deadline(ofToken: slot.generated) + 1e-9 { slot.missed = true }
                    if slot.generated >= slot.request.output {
                        metrics.completed(slot, at: now)
                        finished = true
                        continue
                    }
                }
            }
            kept.append(slot)
        }
        instance.running = kept
        instance.chunkPlan = []
        instance.busy = false
        // Growth past the cache: preempt the newest request and recompute it later.
        let capacity = fleet.profile.metadata.kvCapacityTokens
        while instance.kvUsed > capacity, instance.running.count > 1 {
            var victim = instance.running.removeLast()
            victim.prefillTarget = victim.request.prompt + victim.generated
            victim.prefilled = 0
            instance.waiting.insert(victim, at: 0)
            preemptions += 1
        }
        fleet.instances[id] = instance
        admitWaiting(id)
        if policy.autoscales, fleet.instances[id].isEmpty {
            let bin = fleet.instances[id].bin
            fleet.release(id)
            if let bin { metrics.binChanged(bin, to: fleet.members[bin].count, at: now) }
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
