import ArgumentParser
import Foundation
import PlannerKit

extension SweepScheduler: ExpressibleByArgument {}

extension SweepCommand {
    struct Emit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a Slurm job array (slurm.sh) or a Kubernetes Indexed Job (kubernetes.yaml) that runs the sweep, one scenario per task.",
            discussion: """
            Examples:
              planner sweep emit reports/paper-sweep --scheduler slurm --cpus-per-task 2 --partition cpu
              planner sweep emit sweeps/paper --scheduler kubernetes --image ghcr.io/acme/planner:1.4 --volume-claim plans
            """)
        @Argument(help: "Sweep folder.") var folder: String
        @Option(help: "slurm or kubernetes.") var scheduler: SweepScheduler
        @Option(help: "The planner the tasks run (default: this one's absolute path for Slurm, `planner` for Kubernetes).") var planner: String?
        @Option(help: "Cores (and threads) per scenario.") var cpusPerTask = 1
        @Option(help: "Slurm: the partition (default: the cluster's).") var partition: String?
        @Option(help: "Slurm: minutes per scenario before the task is stopped.") var minutesPerTask = 60
        @Option(help: "Kubernetes: the container image holding the planner.") var image = "planner:latest"
        @Option(help: "Kubernetes: the claim of the shared volume holding the sweep folder and its inputs.") var volumeClaim = "planner-sweeps"
        @Option(help: "Kubernetes: where the volume is mounted in the container.") var mountPath = "/work"
        @Option(help: "Kubernetes: the sweep folder's path in the container (default: the folder under --mount-path).") var folderInContainer: String?
        @Option(help: "Kubernetes: scenarios running at once.") var parallelism = 4

        func validate() throws {
            try require("--cpus-per-task", cpusPerTask, in: 1...256)
            try require("--minutes-per-task", minutesPerTask, in: 1...525_600)
            try require("--parallelism", parallelism, in: 1...10_000)
        }

        func run() throws {
            let sweep = try SweepFolder(reading: folder)
            var s = SweepJobSettings(planner: planner ?? (scheduler == .slurm ? Bundle.main.executablePath ?? CommandLine.arguments[0] : "planner"))
            s.cpusPerTask = cpusPerTask
            s.partition = partition
            s.minutesPerTask = minutesPerTask
            (s.image, s.volumeClaim, s.mountPath, s.folderInContainer, s.parallelism) = (image, volumeClaim, mountPath, folderInContainer, parallelism)
            print("wrote \(try sweep.emit(scheduler, s))")
        }
    }
}
