extension BoundProblem {
    /// The model and the bookkeeping that maps its columns back to the domain.
    struct Built {
        var model: LinearModel
        var classes: [Class]
        var pools: [Pool]
        var servers: [Int]
        /// `rates[c]` lists `(pool, column)` pairs of class `c`'s attained rate.
        var rates: [[(pool: Int, column: Int)]]
        /// `late[c]`: the same for its late rate (work-conserving bound only).
        var late: [[(pool: Int, column: Int)]]
        var scale: Int?
        /// Prefill instances (disaggregated serving only).
        var prefill: Int?
    }

    /// Builds the MIP; throws ``BoundError`` for a tier no bin can serve.
    func build() throws(BoundError) -> Built {
        let classes = classes(), pools = pools()
        for t in workload.tiers.indices {
            if let reason = infeasibility(ofTier: t, classes: classes, pools: pools) { throw BoundError(tier: workload.tiers[t].name, reason: reason) }
        }
        let sense: LinearModel.Sense = objective.isGoodput ? .maximize : .minimize
        var m = LinearModel(name: "polyserve_bound", sense: sense)
        var scale: Int? = nil
        if objective.isGoodput { scale = m.addVariable("theta", objective: 1) }

        let servers = pools.map { p in
            let profile = profiles[p.profile].metadata
            // Whole cents keep the objective integral, which lets GLPK round its
            // bound while pruning; with prices like 3.79 it cannot, and a
            // single-type fleet took 37 s instead of milliseconds to prove optimal.
            let cost: Double = switch objective {
            case .sizing(let byCost): Double(profile.gpusPerInstance) * (byCost ? (price(p.profile) * 100).rounded() : 1)
            case .goodput, .goodputOnMix: 0
            }
            return m.addVariable("n_\(fmtShort(p.binTpotMs))ms_\(columnName(p.profile))", kind: .integer, objective: cost)
        }
        // Disaggregated: the prefill instances, one integer column priced like a server.
        var prefill: Int? = nil
        if options.disaggregation != nil {
            let meta = profiles[0].metadata
            let cost: Double = switch objective {
            case .sizing(let byCost): Double(meta.gpusPerInstance) * (byCost ? (price(0) * 100).rounded() : 1)
            case .goodput, .goodputOnMix: 0
            }
            prefill = m.addVariable("n_prefill", kind: .integer, objective: cost)
        }
        var rates: [[(pool: Int, column: Int)]] = Array(repeating: [], count: classes.count)
        var late: [[(pool: Int, column: Int)]] = Array(repeating: [], count: classes.count)
        for (c, cls) in classes.enumerated() {
            let tier = workload.tiers[cls.tier].name
            for (p, pool) in pools.enumerated() {
                let name = "\(tier)_b\(c)_\(fmtShort(pool.binTpotMs))ms_\(columnName(pool.profile))"
                if admits(cls, pool) { rates[c].append((p, m.addVariable("x_" + name))) }
                if options.admission == .workConserving { late[c].append((p, m.addVariable("y_" + name))) }
            }
        }
        // Capacity of each pool: facets and KV, charged for attained and late requests alike.
        for (p, pool) in pools.enumerated() {
            var tokens: [(Int, Double, Double)] = []  // (column, tokens per iteration, kv) per unit rate
            for (c, cls) in classes.enumerated() {
                let load = options.disaggregation == nil ? cls.bucket.load(atBinTpotMs: pool.binTpotMs, prefillWeight: pool.region.prefillWeight) : cls.bucket.decodeLoad(atBinTpotMs: pool.binTpotMs)
                let overhead = pool.region.sequenceTokens * cls.bucket.decodeTokens(atBinTpotMs: pool.binTpotMs)
                for (q, column) in rates[c] + late[c] where q == p { tokens.append((column, load.tokens + overhead, load.kv)) }
            }
            if tokens.isEmpty { m.addConstraint("unused_\(p)", [(servers[p], 1)], upper: 0); continue }
            for (f, facet) in pool.region.facets.enumerated() {
                m.addConstraint("facet_\(p)_\(f)", tokens.map { ($0.0, $0.1 - facet.slope * $0.2) } + [(servers[p], -facet.intercept)], upper: 0)
            }
            // KV: residency at the fastest iteration the load allows (``ServerRegion/kvFloors``), not at the TPOT.
            let capacity = pool.region.kvCapacity, s = pool.binTpotMs
            for (f, floor) in pool.region.kvFloors.enumerated() {
                m.addConstraint("kv_\(p)_\(f)", tokens.map { ($0.0, floor.kvRowCoefficient(tokens: $0.1, kv: $0.2, capacity: capacity)) }
                                    + [(servers[p], -capacity * s)], upper: 0)
            }
        }
        // Prefill: every processed request's prompt runs on the prefill pool, at most its best throughput per instance.
        if let prefill, let d = options.disaggregation {
            let terms = classes.indices.flatMap { c in (rates[c] + late[c]).map { ($0.column, classes[c].bucket.meanPrompt) } }
            m.addConstraint("prefill", terms + [(prefill, -prefillThroughput(d))], upper: 0)
        }
        // Demand: every request processed (work-conserving) or at most the offered rate served (clairvoyant).
        for (c, cls) in classes.enumerated() {
            var terms = (rates[c] + late[c]).map { ($0.column, 1.0) }
            let workConserving = options.admission == .workConserving
            if let scale {
                terms.append((scale, -cls.rate))
                if workConserving { m.addConstraint("offered_\(c)", terms, lower: 0, upper: 0) } else { m.addConstraint("offered_\(c)", terms, upper: 0) }
            } else if workConserving {
                m.addConstraint("offered_\(c)", terms, lower: cls.rate, upper: cls.rate)
            } else {
                m.addConstraint("offered_\(c)", terms, upper: cls.rate)
            }
        }
        // Attainment: attained rate at least the target share, per tier or overall.
        let groups: [(name: String, tiers: Set<Int>, target: Double)] = switch options.attainment {
        case .perTier: workload.tiers.indices.map { ("attainment_\($0)", [$0], workload.tierTargets[$0]) }
        case .overall: [("attainment", Set(workload.tiers.indices), workload.attainmentTarget)]
        }
        for group in groups {
            let members = classes.indices.filter { group.tiers.contains(classes[$0].tier) }
            let offered = members.reduce(0) { $0 + classes[$1].rate }
            var attained = members.flatMap { rates[$0] }.map { ($0.column, 1.0) }
            if let scale {
                attained.append((scale, -group.target * offered))
                m.addConstraint(group.name, attained, lower: 0)
            } else {
                m.addConstraint(group.name, attained, lower: group.target * offered)
            }
        }
        switch objective {
        case .goodput(let instances):
            m.addConstraint("fleet", (servers + (prefill.map { [$0] } ?? [])).map { ($0, 1.0) }, upper: Double(instances))
        case .goodputOnMix(let mix):
            for g in profiles.indices {
                let columns = pools.indices.filter { pools[$0].profile == g }.map { (servers[$0], 1.0) }
                if !columns.isEmpty { m.addConstraint("fleet_\(columnName(g))", columns, upper: Double(g < mix.count ? mix[g] : 0)) }
            }
        case .sizing: break
        }
        return Built(model: m, classes: classes, pools: pools, servers: servers, rates: rates, late: late, scale: scale, prefill: prefill)
    }

    /// A profile's server type as an LP column name (no spaces).
    func columnName(_ profile: Int) -> String {
        let m = profiles[profile].metadata
        return m.gpusPerInstance > 1 ? "\(m.gpu)_tp\(m.gpusPerInstance)" : m.gpu
    }

    /// Dollars per GPU-hour; overrides were applied when the inputs were loaded (``PlanningInputs``).
    func price(_ profile: Int) -> Double { profiles[profile].metadata.pricePerGPUHour }
}
