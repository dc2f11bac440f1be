import ArgumentParser
import PlannerKit

@main
struct PlannerCommand: ParsableCommand {
    static let version = PlannerVersion.current

    static let configuration = CommandConfiguration(
        commandName: "planner",
        abstract: "Capacity planner for LLM inference fleets serving several latency tiers.",
        discussion: """
        Computes the optimal-goodput bound with GLPK, simulates PolyServe's multi-SLO \
        policy and baselines, and sizes the fleet per tier.

        Examples:
          planner profile generate --gpu H200 --model Llama-3.1-8B -o h200.csv
          planner profile check workloads/profiles/h200-llama-3.1-8b-tp1.csv
          planner profile calibrate ../shared/data/profiles/splitwise/perf_model.csv
        """,
        version: version,
        subcommands: [PlanCommand.self, SweepCommand.self, ProfileCommand.self, WorkloadCommand.self, OptimalCommand.self, SimulateCommand.self, GoodputCommand.self, ValidateCommand.self, BenchCommand.self]
    )
}
