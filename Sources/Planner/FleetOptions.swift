import ArgumentParser
import PlannerKit

/// The servers `simulate` and `goodput` run on besides the instance count: the profiles, a mix of them, how they serve, and the baselines' budget.
struct FleetOptions: ParsableArguments {
    @Option(help: "Profile file; repeat for several server types (default: the workload's).") var profile: [String] = []
    @Option(help: ArgumentHelp("Instances of each profile, comma-separated in the order of the profiles (a mixed fleet).", valueName: "N,M,…"),
            transform: FleetMix.parse) var mix: FleetMix?
    @Option(help: "colocated or disaggregated (default: the workload's first 'serving' mode).") var serving: ServingMode?
    @Option(help: "Static token budget per iteration for the baselines.") var tokenBudget: Int = 512

    func validate() throws {
        try require("--token-budget", tokenBudget, in: 1...InputLimits.maximumTokenBudget)
    }
}
