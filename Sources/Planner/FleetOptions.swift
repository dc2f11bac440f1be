import ArgumentParser
import Foundation
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

/// How finely `goodput` and `bench policies` measure: seeds per point and the bisection's bracket.
struct PrecisionOptions: ParsableArguments {
    @Option(help: "Independent seeds per simulated point (1 to \(Replications.limit)).") var replications: Int = 1
    @Option(help: "Bracket width as a fraction of the bound's goodput (at least \(GoodputSearch.minimumTolerance)).") var tolerance: Double = 0.02

    func validate() throws {
        try require("--replications", replications, in: 1...Replications.limit)
        guard tolerance >= GoodputSearch.minimumTolerance, tolerance < 1 else {
            throw ValidationError("--tolerance must be in [\(GoodputSearch.minimumTolerance), 1); smaller brackets only chase simulation noise")
        }
    }
}

/// Threads and progress for the commands that run many simulations (`plan`, `bench policies`).
struct ParallelOptions: ParsableArguments {
    @Option(help: "Simulations run in parallel (default: the core count).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "No progress on standard error.") var quiet = false

    func validate() throws {
        try require("--jobs", jobs, in: 1...256)
    }

    /// A bar of `steps` steps on standard error when it is a terminal and not --quiet.
    func progress(steps: Int) -> any PlanProgress {
        !quiet && isatty(STDERR_FILENO) == 1 ? TerminalProgress(steps: steps) : SilentProgress()
    }
}
