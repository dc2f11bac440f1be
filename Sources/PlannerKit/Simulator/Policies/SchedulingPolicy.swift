/// A routing and batching policy: the engine (``Simulation``) tells it what
/// happened, and it decides where requests go, when servers join or leave a
/// bin, and how many tokens an iteration may run. Everything a policy decides
/// is in its own file; the engine has no policy-specific branches.
protocol SchedulingPolicy {
    /// Prepares the fleet before the first arrival (a fixed fleet's bins, an idle pool).
    mutating func prepare(_ fleet: inout Fleet, workload: Workload)
    /// A request arrived: place it with ``Fleet/place(_:on:budget:)`` or hold it.
    mutating func arrived(_ slot: Slot, fleet: inout Fleet)
    /// An iteration of instance `id` ended and its next one (if any) has started;
    /// `requestsLeft` says whether any request finished in it.
    mutating func iterationEnded(on id: Int, requestsLeft: Bool, fleet: inout Fleet)
    /// How many tokens (decodes plus prefill) an iteration may run.
    var tokenBudget: TokenBudget { get }
    /// Requests the policy holds in its router queues (unfinished at the end of a run).
    var held: [Slot] { get }
    /// Turns on the policy's own checks of its decisions (tests; slow).
    mutating func enableSelfChecks()
    /// Counts of the router's decisions, for diagnosis; `nil` without a router.
    var routing: RoutingCounts? { get }
}

extension SchedulingPolicy {
    func prepare(_ fleet: inout Fleet, workload: Workload) {}
    mutating func iterationEnded(on id: Int, requestsLeft: Bool, fleet: inout Fleet) {}
    var held: [Slot] { [] }
    mutating func enableSelfChecks() {}
    var routing: RoutingCounts? { nil }
}

/// An SLO-unaware baseline: a fixed fleet, every request routed at once, a static token budget.
protocol StaticBudgetPolicy: SchedulingPolicy {
    var budget: Double { get }
    /// The instance for `slot`.
    mutating func route(_ slot: Slot, fleet: Fleet) -> Int
}

extension StaticBudgetPolicy {
    var tokenBudget: TokenBudget { .fixed(budget) }

    mutating func arrived(_ slot: Slot, fleet: inout Fleet) {
        let id = route(slot, fleet: fleet)
        fleet.place(slot, on: id, budget: tokenBudget)
    }
}
