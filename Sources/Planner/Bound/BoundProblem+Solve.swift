extension BoundProblem {
    /// Solves the bound and reads the solution back into domain terms.
    public func solve() throws -> BoundSolution {
        let built = try build()
        let solution = try GLPKSolver.solve(built.model, options: options.solver)
        return interpret(solution, built)
    }

    /// Writes the model in CPLEX LP format.
    public func writeLP(to path: String) throws {
        try GLPKSolver.writeLP(try build().model, to: path)
    }

    func interpret(_ s: MIPSolution, _ b: Built) -> BoundSolution {
        let value = { (column: Int) in s.hasSolution ? s.values[column] : 0 }
        let counts = b.servers.map { Int(value($0).rounded()) }
        let theta = b.scale.map(value) ?? 1
        var levels: [BoundSolution.Level] = []
        for level in workload.tpotLevelsMs {
            var instances: [String: Int] = [:], gpus: [String: Int] = [:]
            var utilisation = 0.0
            for (p, pool) in b.pools.enumerated() where pool.levelMs == level {
                let meta = profiles[pool.profile].metadata
                instances[meta.gpu, default: 0] += counts[p]
                gpus[meta.gpu, default: 0] += counts[p] * meta.gpusPerInstance
                guard counts[p] > 0 else { continue }
                var tokens = 0.0, kv = 0.0
                for (c, cls) in b.classes.enumerated() {
                    guard let column = b.rates[c].first(where: { $0.pool == p })?.column else { continue }
                    let load = cls.bucket.load(atLevelMs: level)
                    tokens += value(column) * load.tokens
                    kv += value(column) * load.kv
                }
                let n = Double(counts[p])
                let facetUse = pool.region.facets.map { (tokens - $0.slope * kv) / ($0.intercept * n) }.max() ?? 0
                utilisation = max(utilisation, facetUse, kv / (pool.region.kvCapacity * n))
            }
            levels.append(.init(tpotMs: level, instances: instances, gpus: gpus, utilisation: utilisation))
        }
        let tiers = workload.tiers.enumerated().map { t, tier in
            var byLevel: [String: Double] = [:]
            var served = 0.0
            for (c, cls) in b.classes.enumerated() where cls.tier == t {
                for (pool, column) in b.rates[c] {
                    byLevel[fmt2(b.pools[pool].levelMs), default: 0] += value(column)
                    served += value(column)
                }
            }
            let own = levels.first { $0.tpotMs == tier.tpotMs }?.gpus.values.reduce(0, +) ?? 0
            return BoundSolution.TierLoad(name: tier.name, tpotMs: tier.tpotMs, rateRps: workload.tierRates[t] * theta, servedRps: served,
                                          gpus: own, loadShare: byLevel.mapValues { served > 0 ? $0 / served : 0 })
        }
        let totalInstances = counts.reduce(0, +)
        let totalGPUs = zip(b.pools, counts).reduce(0) { $0 + $1.1 * profiles[$1.0.profile].metadata.gpusPerInstance }
        let dollars = zip(b.pools, counts).reduce(0.0) { $0 + Double($1.1 * profiles[$1.0.profile].metadata.gpusPerInstance) * price($1.0.profile) }
        let problem: String = switch objective {
        case .sizing(let byCost): byCost ? "sizing_by_cost" : "sizing"
        case .goodput: "goodput"
        }
        return BoundSolution(
            problem: problem, status: s.status, objective: s.objective, totalGpus: totalGPUs, totalInstances: totalInstances,
            dollarsPerHour: dollars, goodputRps: b.scale != nil && s.hasSolution ? theta * workload.totalRate : nil,
            scale: b.scale != nil && s.hasSolution ? theta : nil, lpRelaxation: s.relaxation, gap: s.integralityGap,
            solveSeconds: s.solveSeconds, attainmentTarget: workload.attainmentTarget, levels: levels, tiers: tiers,
            variables: b.model.variables.count, constraints: b.model.constraints.count)
    }
}
