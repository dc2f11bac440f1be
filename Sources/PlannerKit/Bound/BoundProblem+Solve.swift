extension BoundProblem {
    /// Solves the bound and reads the solution back into domain terms.
    public func solve() throws -> BoundSolution {
        let built = try build()
        let solution = try GLPKSolver.solve(built.model, options: options.solver)
        try Self.checkFound(solution, options: options.solver)
        return interpret(solution, built)
    }

    /// A time limit that stopped the search before any integer solution is an
    /// error, not a fleet of zero servers.
    static func checkFound(_ s: MIPSolution, options: SolverOptions) throws(SolverError) {
        if s.status == .timeLimit, !s.hasSolution { throw .timeLimitWithoutSolution(seconds: options.timeLimitSeconds) }
    }

    /// Writes the model in CPLEX LP format.
    public func writeLP(to path: String) throws {
        try GLPKSolver.writeLP(try build().model, to: path)
    }

    func interpret(_ s: MIPSolution, _ b: Built) -> BoundSolution {
        let value = { (column: Int) in s.hasSolution ? s.values[column] : 0 }
        let counts = b.servers.map { Int(value($0).rounded()) }
        let theta = b.scale.map(value) ?? 1
        var bins: [BoundSolution.Bin] = []
        for tpotMs in workload.tpotBinsMs {
            var instances: [String: Int] = [:], gpus: [String: Int] = [:]
            var utilisation = 0.0
            for (p, pool) in b.pools.enumerated() where pool.binTpotMs == tpotMs {
                let meta = profiles[pool.profile].metadata
                instances[meta.serverType, default: 0] += counts[p]
                gpus[meta.serverType, default: 0] += counts[p] * meta.gpusPerInstance
                guard counts[p] > 0 else { continue }
                var tokens = 0.0, kv = 0.0
                for (c, cls) in b.classes.enumerated() {
                    let load = options.disaggregation == nil ? cls.bucket.load(atBinTpotMs: tpotMs, prefillWeight: pool.region.prefillWeight) : cls.bucket.decodeLoad(atBinTpotMs: tpotMs)
                    for (q, column) in b.rates[c] + b.late[c] where q == p {
                        tokens += value(column) * load.tokens
                        kv += value(column) * load.kv
                    }
                }
                let n = Double(counts[p])
                let facetUse = pool.region.facets.map { (tokens - $0.slope * kv) / ($0.intercept * n) }.max() ?? 0
                let kvUse = pool.region.kvFloors.map {
                    $0.kvRowCoefficient(tokens: tokens, kv: kv, capacity: pool.region.kvCapacity) / (pool.region.kvCapacity * tpotMs * n)
                }.max() ?? 0
                utilisation = max(utilisation, facetUse, kvUse)
            }
            bins.append(.init(tpotMs: tpotMs, instances: instances, gpus: gpus, utilisation: utilisation))
        }
        let targets = workload.tierTargets
        let tiers = workload.tiers.enumerated().map { t, tier in
            var byBin = Array(repeating: 0.0, count: workload.tpotBinsMs.count)
            var served = 0.0, processed = 0.0
            for (c, cls) in b.classes.enumerated() where cls.tier == t {
                for (_, column) in b.rates[c] { served += value(column) }
                for (pool, column) in b.rates[c] + b.late[c] {
                    byBin[workload.tpotBinsMs.firstIndex(of: b.pools[pool].binTpotMs)!] += value(column)
                    processed += value(column)
                }
            }
            let own = bins.first { $0.tpotMs == tier.tpotMs }?.gpus.values.reduce(0, +) ?? 0
            let shares = zip(workload.tpotBinsMs, byBin).map { BoundSolution.BinShare(tpotMs: $0, share: processed > 0 ? $1 / processed : 0) }
            return BoundSolution.TierLoad(name: tier.name, tpotMs: tier.tpotMs, attainmentTarget: targets[t], rateRps: workload.tierRates[t] * theta,
                                          servedRps: served, processedRps: processed, gpus: own, loadShare: shares)
        }
        let prefill = b.prefill.map { Int(value($0).rounded()) }
        let prefillGPUs = (prefill ?? 0) * profiles[0].metadata.gpusPerInstance
        let totalInstances = counts.reduce(0, +) + (prefill ?? 0)
        let totalGPUs = zip(b.pools, counts).reduce(0) { $0 + $1.1 * profiles[$1.0.profile].metadata.gpusPerInstance } + prefillGPUs
        let dollars = zip(b.pools, counts).reduce(0.0) { $0 + Double($1.1 * profiles[$1.0.profile].metadata.gpusPerInstance) * price($1.0.profile) }
            + Double(prefillGPUs) * price(0)
        let problem: String = switch objective {
        case .sizing(let byCost): byCost ? "sizing_by_cost" : "sizing"
        case .goodput: "goodput"
        case .goodputOnMix: "goodput_on_mix"
        }
        return BoundSolution(
            problem: problem, status: s.status, objective: s.objective, totalGpus: totalGPUs, totalInstances: totalInstances,
            dollarsPerHour: dollars, goodputRps: b.scale != nil && s.hasSolution ? theta * workload.totalRate : nil,
            scale: b.scale != nil && s.hasSolution ? theta : nil, lpRelaxation: s.relaxation, gap: s.integralityGap,
            solveSeconds: s.solveSeconds, admission: options.admission, attainment: options.attainment,
            attainmentTarget: workload.attainmentTarget, bins: bins, tiers: tiers, prefillInstances: prefill,
            variables: b.model.variables.count, constraints: b.model.constraints.count)
    }
}
