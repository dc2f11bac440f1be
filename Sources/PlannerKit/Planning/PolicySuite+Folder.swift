import Foundation
import Profiling

extension PolicySuite {
    /// Every workload (`*.yaml`) in `folder`, alphabetically, each with its first profile.
    public static func cases(inFolder folder: String) throws -> [Case] {
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted() } catch {
            throw InputError(source: folder, "cannot list the folder (\(error.localizedDescription))")
        }
        guard !files.isEmpty else { throw PolicySuiteError.empty(folder) }
        return try files.map { name in
            let inputs = try PlanningInputs.load(workload: "\(folder)/\(name)")
            return Case(workload: inputs.workload, profile: inputs.profiles[0])
        }
    }
}
