import ArgumentParser
import Foundation
import PlannerKit

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
