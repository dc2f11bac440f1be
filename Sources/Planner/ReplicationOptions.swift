import ArgumentParser
import PlannerKit

/// How finely `goodput` and `bench policies` measure: seeds per point and the bisection's bracket.
struct ReplicationOptions: ParsableArguments {
    @Option(help: "Independent seeds per simulated point (1 to \(Replications.limit)).") var replications: Int = 1
    @Option(help: "Bracket width as a fraction of the bound's goodput (at least \(GoodputSearch.minimumTolerance)).") var tolerance: Double = 0.02

    func validate() throws {
        try require("--replications", replications, in: 1...Replications.limit)
        guard tolerance >= GoodputSearch.minimumTolerance, tolerance < 1 else {
            throw ValidationError("--tolerance must be in [\(GoodputSearch.minimumTolerance), 1); smaller brackets only chase simulation noise")
        }
    }
}
