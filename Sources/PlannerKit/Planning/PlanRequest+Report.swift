extension ReportWriter {
    /// Writes a plan of any kind with its kind's files (see docs/plan.md), atomically.
    public static func write(_ outcome: PlanRequest.Outcome, to folder: String, adding additional: [String: String] = [:]) throws {
        switch outcome {
        case .single(let plan): try write(plan, to: folder, adding: additional)
        case .servingModes(let comparison): try write(comparison, to: folder, adding: additional)
        case .mixed(let plan): try write(plan, to: folder, adding: additional)
        case .schedule(let plan): try write(plan, to: folder, adding: additional)
        }
    }
}
