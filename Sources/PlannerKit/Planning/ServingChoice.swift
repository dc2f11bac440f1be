/// The serving modes a plan compares: one, or both side by side.
public enum ServingChoice: String, Sendable, CaseIterable {
    case colocated, disaggregated, both

    public var modes: [ServingMode] {
        switch self {
        case .colocated: [.colocated]
        case .disaggregated: [.disaggregated]
        case .both: [.colocated, .disaggregated]
        }
    }
}
