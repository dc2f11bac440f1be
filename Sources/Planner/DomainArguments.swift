import ArgumentParser
import PlannerKit
import Profiling

// The library's domain values as command-line arguments.

extension PolicyID: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension FleetSize: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension FleetMix {
    /// `--mix`'s transform: the parse error becomes the usage error that names the rule broken.
    static func parse(_ argument: String) throws -> FleetMix {
        do { return try FleetMix(parsing: argument) } catch { throw ValidationError(error.description) }
    }
}

extension SteadyBatch: ExpressibleByArgument {}
extension ServingMode: ExpressibleByArgument {}

extension ServingChoice: ExpressibleByArgument {}
extension ServingEngine: ExpressibleByArgument {}
extension NumberFormat: ExpressibleByArgument {}
extension ProfileImport.Source: ExpressibleByArgument {}
extension LatencyValidation.Part: ExpressibleByArgument {}
extension PromptReuse: ExpressibleByArgument {}
