extension BoundProblem {
    /// The model and the bookkeeping that maps its columns back to the domain.
    struct Built {
        var model: LinearModel
        var classes: [Class]
        var pools: [Pool]
        var servers: [Int]
        /// `rates[c]` lists `(pool, column)` pairs.
        var rates: [[(pool: Int, column: Int)]]
        var scale: Int?
    }

    /// Builds the MIP; throws ``BoundError`` for a tier no level can serve.
    func build() throws(BoundError) -> Built {
        let classes = classes(), pools = pools()
        for t in workload.tiers.indices {
            if let reason = infeasibility(ofTier: t, classes: classes, pools: pools) { throw BoundError(tier: workload.tiers[t].name, reason: reason) }
        }
        let sense: LinearModel.Sense = if case .goodput = objective { .maximize } else { .minimize }
        var m = LinearModel(name: "polyserve_bound", sense: sense)
        var scale: Int? = nil
        if case .goodput = objective { scale = m.addVariable("theta", objective: 1) }

        let servers = pools.map { p in
            let profile = profiles[p.profile].metadata
            // Whole cents keep the objective integral, which lets GLPK round its
            // bound while pruning; with prices like 3.79 it cannot, and a
            // single-type fleet took 37 s instead of milliseconds to prove optimal.
            let cost: Double = switch objective {
            case .sizing(let byCost): Double(profile.gpusPerInstance) * (byCost ? (price(p.profile) * 100).rounded() : 1)
            case .goodput: 0
            }
            return m.addVariable("n_\(fmt2(p.levelMs))ms_\(profile.gpu)", kind: .integer, objective: cost)
        }
        var rates: [[(pool: Int, column: Int)]] = Array(repeating: [], count: classes.count)
        for (c, cls) in classes.enumerated() {
            for (p, pool) in pools.enumerated() where admits(cls, pool) {
                rates[c].append((p, m.addVariable("x_\(workload.tiers[cls.tier].name)_b\(c)_\(fmt2(pool.levelMs))ms_\(profiles[pool.profile].metadata.gpu)")))
            }
        }
        // Capacity of each pool: facets and KV.
        for (p, pool) in pools.enumerated() {
            var tokens: [(Int, Double, Double)] = []  // (column, tokens per iteration, kv) per unit rate
            for (c, cls) in classes.enumerated() {
                guard let column = rates[c].first(where: { $0.pool == p })?.column else { continue }
                let load = cls.bucket.load(atLevelMs: pool.levelMs)
                tokens.append((column, load.tokens, load.kv))
            }
            if tokens.isEmpty { m.addConstraint("unused_\(p)", [(servers[p], 1)], upper: 0); continue }
            for (f, facet) in pool.region.facets.enumerated() {
                m.addConstraint("facet_\(p)_\(f)", tokens.map { ($0.0, $0.1 - facet.slope * $0.2) } + [(servers[p], -facet.intercept)], upper: 0)
            }
            m.addConstraint("kv_\(p)", tokens.map { ($0.0, $0.2) } + [(servers[p], -pool.region.kvCapacity)], upper: 0)
        }
        // Demand: served ≤ offered per class; served ≥ target × offered overall.
        let total = classes.reduce(0) { $0 + $1.rate }
        for (c, cls) in classes.enumerated() {
            var terms = rates[c].map { ($0.column, 1.0) }
            if let scale { terms.append((scale, -cls.rate)); m.addConstraint("offered_\(c)", terms, upper: 0) }
            else { m.addConstraint("offered_\(c)", terms, upper: cls.rate) }
        }
        var served = rates.flatMap { $0 }.map { ($0.column, 1.0) }
        if let scale {
            served.append((scale, -workload.attainmentTarget * total))
            m.addConstraint("attainment", served, lower: 0)
        } else {
            m.addConstraint("attainment", served, lower: workload.attainmentTarget * total)
        }
        if case .goodput(let instances) = objective {
            m.addConstraint("fleet", servers.map { ($0, 1.0) }, upper: Double(instances))
        }
        return Built(model: m, classes: classes, pools: pools, servers: servers, rates: rates, scale: scale)
    }

    func price(_ profile: Int) -> Double {
        let meta = profiles[profile].metadata
        return workload.prices[meta.gpu] ?? meta.pricePerGPUHour
    }
}
