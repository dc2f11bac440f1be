/// A plan as the user asked for it: the loaded inputs, the settings, and the
/// serving modes. The library, not the command line, decides which kind of
/// plan answers it.
///
/// - A workload with a `schedule:` is planned per window (one server type,
///   co-located; asking for disaggregated serving too is refused, not dropped).
/// - Several profiles plan a mixed fleet (co-located).
/// - Both serving modes plan the fleet twice and compare them (one server type).
/// - Otherwise one plan, co-located or disaggregated.
public struct PlanRequest: Sendable {
    public var inputs: PlanningInputs
    public var settings: PlanSettings
    /// The serving modes to plan; `nil`: the workload's (`serving:`, else co-located).
    public var serving: [ServingMode]?

    public init(inputs: PlanningInputs, settings: PlanSettings, serving: [ServingMode]? = nil) {
        self.inputs = inputs
        self.settings = settings
        self.serving = serving
    }

    /// The kind of plan that answers the request.
    /// - Throws: ``PlanRequestError`` for a combination no kind plans.
    public func kind() throws(PlanRequestError) -> PlanKind {
        let modes = serving ?? inputs.workload.serving
        let types = inputs.profiles.count
        if inputs.workload.schedule != nil {
            guard types == 1 else { throw .scheduleOnSeveralTypes(types) }
            guard modes == [.colocated] else { throw .scheduleDisaggregated }
            return .schedule
        }
        if modes != [.colocated], types > 1 { throw .disaggregatedOnSeveralTypes(types) }
        if types > 1 { return .mixed }
        return modes.count > 1 ? .servingModes : .single
    }

    /// A plan of any kind.
    public enum Outcome: Sendable {
        case single(Plan)
        case servingModes(ServingComparison)
        case mixed(MixedPlan)
        case schedule(SchedulePlan)

        /// The header every kind carries.
        public var header: PlanHeader {
            switch self {
            case .single(let p): p.header
            case .servingModes(let c): c.header
            case .mixed(let p): p.header
            case .schedule(let p): p.header
            }
        }

        /// PolyServe's goodput over the bound's on the planned fleet (two
        /// serving modes: the cheaper mode's); a schedule has none.
        public var polyserveRatioToBound: Double? {
            switch self {
            case .single(let p): p.policies.first { $0.policy == .polyserve }?.ratioToBound
            case .servingModes(let c):
                c.policies.first { $0.policy == .polyserve }.flatMap { c.cheaper == .colocated ? $0.colocatedRatioToBound : $0.disaggregatedRatioToBound }
            case .mixed(let p): p.policies.first { $0.policy == .polyserve }?.ratioToBound
            case .schedule: nil
            }
        }

        /// The outcome with `warnings` in its header (none: left absent).
        func warning(_ warnings: [String]) -> Outcome {
            guard !warnings.isEmpty else { return self }
            switch self {
            case .single(var p): p.header.warnings = warnings; return .single(p)
            case .servingModes(var c): c.header.warnings = warnings; return .servingModes(c)
            case .mixed(var p): p.header.warnings = warnings; return .mixed(p)
            case .schedule(var p): p.header.warnings = warnings; return .schedule(p)
            }
        }

        /// What the terminal shows: the kind's summary, its warnings, then where its files went.
        public func consoleSummary(writtenTo folder: String) -> String {
            let body = switch self {
            case .single(let p): p.consoleSummary()
            case .servingModes(let c): c.consoleSummary()
            case .mixed(let p): p.consoleSummary()
            case .schedule(let p): p.consoleSummary()
            }
            let files = PlanFolder.files(header.kind).joined(separator: ", ")
            let warnings = (header.warnings ?? []).map { "\nwarning: \($0)" }.joined()
            return body + warnings + "\nwrote \(folder)/{\(files)} in \(fmt(header.wallSeconds, 1)) s"
        }
    }

    /// Plans the request. `progress` is asked for one reporter per plan run,
    /// given the number of steps that plan reports.
    public func run(progress: (_ steps: Int) -> any PlanProgress = { _ in SilentProgress() }) throws -> Outcome {
        try plan(progress: progress).warning(inputs.warnings)
    }

    func plan(progress: (_ steps: Int) -> any PlanProgress) throws -> Outcome {
        let workload = inputs.workload, checksums = try inputs.checksums()
        switch try kind() {
        case .schedule:
            var runner = try SchedulePlanRunner(workload: workload, profile: inputs.profiles[0], inputs: checksums, settings: settings)
            runner.progress = progress(2)
            return .schedule(try runner.run())
        case .mixed:
            return .mixed(try MixedPlanRunner(workload: workload, profiles: inputs.profiles, inputs: checksums, settings: settings,
                                              progress: progress(3)).run())
        case .servingModes:
            let plans = try [ServingMode.colocated, .disaggregated].map { mode in try singlePlan(mode, checksums: checksums, progress: progress(3)) }
            return .servingModes(ServingComparison(colocated: plans[0], disaggregated: plans[1]))
        case .single:
            return .single(try singlePlan((serving ?? workload.serving)[0], checksums: checksums, progress: progress(3)))
        }
    }

    func singlePlan(_ mode: ServingMode, checksums: [PlanInput], progress: any PlanProgress) throws -> Plan {
        var runner = PlanRunner(workload: inputs.workload, profile: inputs.profiles[0], inputs: checksums, settings: settings, progress: progress)
        if mode == .disaggregated { runner.disaggregation = try inputs.disaggregation() }
        return try runner.run()
    }
}
