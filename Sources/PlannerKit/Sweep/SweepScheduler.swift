import Foundation
import Profiling

/// The cluster schedulers a sweep can be handed to: each runs scenario `I`
/// as task `I` of an array (`planner sweep run DIR --index I`), so the
/// scheduler's own retries, limits and accounting apply, and any task may
/// run twice (a finished scenario is skipped).
public enum SweepScheduler: String, Sendable, CaseIterable {
    /// A Slurm job array (`sbatch`; the index is `SLURM_ARRAY_TASK_ID`).
    case slurm
    /// A Kubernetes Indexed Job (the index is `JOB_COMPLETION_INDEX`).
    case kubernetes

    /// The file `sweep emit` writes in the sweep folder.
    public var fileName: String {
        switch self {
        case .slurm: "slurm.sh"
        case .kubernetes: "kubernetes.yaml"
        }
    }
}

/// What a scheduler's file needs besides the sweep.
public struct SweepJobSettings: Sendable {
    /// The planner as the tasks run it: an absolute path on the cluster's
    /// nodes (Slurm) or a command in the image's `PATH` (Kubernetes).
    public var planner: String
    /// Threads (and cores asked for) per scenario.
    public var cpusPerTask = 1
    /// Slurm: the partition (`nil`: the cluster's default) and the time limit per task, minutes.
    public var partition: String?
    public var minutesPerTask = 60
    /// Kubernetes: the container image holding the planner, the claim of the
    /// shared volume, where it is mounted, and the sweep folder's path inside the container.
    public var image = "planner:latest"
    public var volumeClaim = "planner-sweeps"
    public var mountPath = "/work"
    public var folderInContainer: String?
    /// Kubernetes: tasks running at once.
    public var parallelism = 4
    /// Kubernetes: retries per scenario.
    public var retriesPerScenario = 2

    public init(planner: String) { self.planner = planner }
}

extension SweepFolder {
    /// The scheduler's file for this sweep, as text.
    public func jobFile(_ scheduler: SweepScheduler, _ s: SweepJobSettings) -> String {
        switch scheduler {
        case .slurm: slurmScript(s)
        case .kubernetes: kubernetesJob(s)
        }
    }

    /// Writes the scheduler's file into the folder (and `logs/` for Slurm's output).
    /// - Returns: the file's path.
    public func emit(_ scheduler: SweepScheduler, _ settings: SweepJobSettings) throws(InputError) -> String {
        let file = Self.join(path, scheduler.fileName)
        try Self.writeAtomically(jobFile(scheduler, settings), to: file)
        if scheduler == .slurm {
            do { try FileManager.default.createDirectory(atPath: Self.join(path, "logs"), withIntermediateDirectories: true) } catch {
                throw InputError(source: Self.join(path, "logs"), "cannot create: \(ReportWriter.reason(error))")
            }
            chmod(file, 0o755)
        }
        return file
    }

    /// POSIX shell quoting: one word, whatever the text.
    static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    func slurmScript(_ s: SweepJobSettings) -> String {
        let folder = URL(fileURLWithPath: path).standardizedFileURL.path
        let jobName = "planner-sweep-" + header.name.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) }.prefix(40)
        var lines = ["#!/bin/bash",
                     "# A Slurm job array for the sweep '\(header.name.replacingOccurrences(of: "\n", with: " "))' (\(scenarios.count) scenarios), written by `planner sweep emit`.",
                     "# Submit: sbatch \(folder)/slurm.sh   Then: planner sweep merge \(folder)",
                     "#SBATCH --job-name=\(jobName)",
                     "#SBATCH --array=0-\(scenarios.count - 1)",
                     "#SBATCH --cpus-per-task=\(s.cpusPerTask)",
                     "#SBATCH --ntasks=1",
                     "#SBATCH --time=\(s.minutesPerTask)",
                     "#SBATCH --output=\(folder)/logs/%A_%a.out"]
        if let p = s.partition { lines.append("#SBATCH --partition=\(p)") }
        lines += ["set -eu",
                  "exec \(Self.shellQuoted(s.planner)) sweep run \(Self.shellQuoted(folder)) --index \"$SLURM_ARRAY_TASK_ID\" --jobs \"${SLURM_CPUS_PER_TASK:-\(s.cpusPerTask)}\""]
        return lines.joined(separator: "\n") + "\n"
    }

    func kubernetesJob(_ s: SweepJobSettings) -> String {
        let inside = s.folderInContainer ?? (path.hasPrefix("/") ? path : Self.join(s.mountPath, path))
        let name = String(("planner-sweep-" + header.name.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber ? $0 : "-" }).prefix(52))
            .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        let q = { (t: String) in "\"" + t.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return """
        # A Kubernetes Indexed Job for the sweep '\(header.name.replacingOccurrences(of: "\n", with: " "))' (\(scenarios.count) scenarios), written by `planner sweep emit`.
        # The volume must hold the sweep folder and its inputs (the manifest's paths are relative to the folder).
        # Apply: kubectl apply -f kubernetes.yaml   Then: planner sweep merge \(inside)
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: \(name)
        spec:
          completionMode: Indexed
          completions: \(scenarios.count)
          parallelism: \(s.parallelism)
          backoffLimitPerIndex: \(s.retriesPerScenario)
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: planner
                  image: \(q(s.image))
                  command: [\(q(s.planner)), "sweep", "run", \(q(inside)), "--index", "$(JOB_COMPLETION_INDEX)", "--jobs", "\(s.cpusPerTask)"]
                  resources:
                    requests:
                      cpu: "\(s.cpusPerTask)"
                  volumeMounts:
                    - name: sweep
                      mountPath: \(q(s.mountPath))
              volumes:
                - name: sweep
                  persistentVolumeClaim:
                    claimName: \(q(s.volumeClaim))

        """
    }
}
