/// A request no kind of plan answers.
public enum PlanRequestError: Error, CustomStringConvertible, Sendable, Equatable {
    case scheduleOnSeveralTypes(Int)
    case scheduleDisaggregated
    case disaggregatedOnSeveralTypes(Int)

    public var description: String {
        switch self {
        case let .scheduleOnSeveralTypes(n):
            "a workload with a schedule is planned on one server type, not \(n); give one profile (--profile FILE)"
        case .scheduleDisaggregated:
            "a workload with a schedule is planned co-located; disaggregated serving is planned at one rate (drop the schedule, or --serving colocated)"
        case let .disaggregatedOnSeveralTypes(n):
            "disaggregated serving is planned for one server type, not \(n); give one profile, or plan the mixed fleet co-located"
        }
    }
}
