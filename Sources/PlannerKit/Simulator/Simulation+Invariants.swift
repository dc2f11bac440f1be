extension Simulation {
    /// Checks every instance's aggregates (or only `instance`'s), bin
    /// membership against each instance's bin, and the idle pool; traps on a
    /// mismatch. O(residents checked + instances).
    func _checkInvariants(only instance: Int? = nil) {
        if let instance { fleet.instances[instance]._checkInvariants() } else { for i in fleet.instances { i._checkInvariants() } }
        for (bin, members) in fleet.members.enumerated() {
            for id in members { precondition(fleet.instances[id].bin == bin, "instance \(id) listed in bin \(bin)") }
        }
        for id in fleet.idle { precondition(fleet.instances[id].bin == nil && fleet.instances[id].isEmpty, "idle instance \(id) in use") }
        let listed = fleet.members.reduce(0) { $0 + $1.count } + fleet.idle.count
        precondition(listed <= fleet.instances.count, "an instance is listed twice")
    }
}
