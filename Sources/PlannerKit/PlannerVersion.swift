/// The version of the planner, recorded in every report.
public enum PlannerVersion {
    public static let current = "0.2.0"
}
