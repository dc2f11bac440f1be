import Profiling

/// What `planner simulate` asks: one policy on one fleet (a size, a mix of
/// server types, or an autoscaled pool), co-located or disaggregated.
public struct SimulationRequest: Sendable {
    public enum Fleet: Sendable, Equatable {
        /// Instances of the one profile; `nil`: an unbounded idle pool the policy scales from.
        case instances(Int?)
        /// Instances of each profile, in the profiles' order.
        case mix([Int])
    }

    public var inputs: PlanningInputs
    public var policy: PolicyID
    public var fleet: Fleet
    /// `nil`: the workload's first serving mode.
    public var serving: ServingMode?
    /// Disaggregated: the prefill instances (the fleet then counts decode instances).
    public var prefillInstances: Int?
    /// Everything but the fleet, the disaggregation and the prefill count, which `run` sets.
    public var config = SimulationConfig(instances: nil)
    /// Where the run reports how far it is; `nil`: nowhere.
    public var progress: (any PlanProgress)?

    public init(inputs: PlanningInputs, policy: PolicyID, fleet: Fleet) {
        self.inputs = inputs
        self.policy = policy
        self.fleet = fleet
    }

    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        case rateTooLow(scale: Double, rateRps: Double)
        case fleet(FleetMismatch)
        case prefillNeeded(limit: Int)
        case poolLimitReached(limit: Int)
        case nothingMeasured(warmupSeconds: Double)

        /// Whether the request itself is wrong (the flags), rather than its outcome.
        public var isUsage: Bool {
            switch self {
            case .poolLimitReached, .nothingMeasured: false
            default: true
            }
        }

        public var description: String {
            switch self {
            case let .rateTooLow(scale, rate):
                "--rate-scale \(scale) brings the workload's \(rate) req/s below 1e-6 req/s (a request every 11 days); give a larger scale"
            case let .fleet(mismatch): mismatch.description
            case let .prefillNeeded(limit):
                "disaggregated serving needs --prefill-instances P (1 to \(limit)); --instances counts the decode instances"
            case let .poolLimitReached(limit):
                "the autoscaled pool reached the limit of \(limit) instances and requests waited for servers, so these figures understate the policy; raise it with --max-instances or lower the rate"
            case let .nothingMeasured(warmup):
                "no request arrived after the \(fmtShort(warmup)) s warm-up, so nothing was measured; shorten run.warmup_seconds or lengthen the run"
            }
        }
    }

    /// The configuration the request resolves to; throws ``Failure`` where the fleet does not fit the inputs.
    public func resolvedConfig() throws -> SimulationConfig {
        let w = inputs.workload, names = inputs.profiles.map(\.metadata.serverType)
        if case .closed = w.arrivals {} else if w.totalRate * config.rateScale < 1e-6 {
            throw Failure.rateTooLow(scale: config.rateScale, rateRps: w.totalRate)
        }
        var config = config
        switch fleet {
        case .mix(let counts): (config.instances, config.mix) = (nil, counts)
        case .instances(let n): (config.instances, config.mix) = (n, nil)
        }
        let mode = serving ?? w.serving[0]
        do {
            try FleetMismatch.check(mix: config.mix, fixedSize: config.instances != nil, profiles: names)
            try FleetMismatch.check(prefillInstances: prefillInstances, serving: mode)
        } catch { throw Failure.fleet(error) }
        if mode == .disaggregated {
            guard let p = prefillInstances, (1...config.limits.instances).contains(p) else { throw Failure.prefillNeeded(limit: config.limits.instances) }
            config.disaggregation = try inputs.disaggregation()
            config.prefillInstances = p
        }
        return config
    }

    /// Simulates; throws ``Failure`` for a request that does not fit its inputs
    /// and, after the run, for figures that do not describe the policy (the
    /// pool limit reached, nothing measured). `result` receives the run either way.
    public func run(result: (SimulationResult) throws -> Void) throws {
        var config = try resolvedConfig()
        if let progress, case .requests(let n) = inputs.workload.runLength {
            progress.begin("simulating \(n) requests", units: max(1, n / config.progressEvery))
            config.progress = { progress.advance() }
        }
        var sim = try Simulation(workload: inputs.workload, profiles: inputs.profiles, policy: policy, config: config)
        let r = sim.run()
        progress?.finish()
        try result(r)
        if r.poolLimitReached { throw Failure.poolLimitReached(limit: config.limits.instances) }
        if r.measured == 0 { throw Failure.nothingMeasured(warmupSeconds: inputs.workload.warmupSeconds) }
    }
}
