extension Simulation {
    /// Checks every instance's aggregates (or only `instance`'s), bin
    /// membership against each instance's bin, the idle pool and the event
    /// queue's order; traps on a mismatch. O(residents checked + instances + events).
    /// Never inlined: the event loop calls it behind a run-time switch and stays small.
    @inline(never)
    func _checkInvariants(only instance: Int? = nil) {
        if let instance { fleet.instances[instance]._checkInvariants() } else { for i in fleet.instances { i._checkInvariants() } }
        for server in fleet.prefill?.servers ?? [] { server._checkInvariants() }
        for (bin, members) in fleet.members.enumerated() {
            for id in members { precondition(fleet.instances[id].bin == bin, "instance \(id) listed in bin \(bin)") }
        }
        for (type, idle) in fleet.idle.enumerated() {
            for id in idle { precondition(fleet.instances[id].bin == nil && fleet.instances[id].isEmpty && fleet.instances[id].type == type, "idle instance \(id) in use") }
        }
        for bin in fleet.members.indices {
            for g in fleet.profiles.indices {
                precondition(fleet.typeCounts[bin][g] == fleet.members[bin].count { fleet.instances[$0].type == g }, "bin \(bin) type \(g) count")
            }
        }
        let listed = fleet.members.reduce(0) { $0 + $1.count } + fleet.idleCount
        precondition(listed <= fleet.instances.count, "an instance is listed twice")
        events._checkInvariants()
    }
}
