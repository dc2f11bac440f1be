import Foundation
import Profiling

/// Where one scenario of a sweep stands.
public enum SweepStatus: Sendable, Equatable {
    /// Its plan is in `runs/I/`, for the scenario the manifest states.
    case finished
    /// Its last run failed; the message says why.
    case failed(String)
    /// Never run, or killed before its plan was written.
    case pending
}

/// What `runs/I/scenario.json` holds beside the plan: which scenario it is,
/// and the one figure of the plan that `summary.csv` does not carry.
public struct SweepRecord: Sendable, Codable, Equatable {
    public var scenario: SweepScenario
    public var kind: PlanKind
    /// PolyServe's goodput over the bound's on the planned fleet (`nil` for a schedule).
    public var polyserveRatioToBound: Double?
}

extension SweepFolder {
    /// The record of a finished scenario: `nil` unless `runs/I/` holds a
    /// readable plan whose `scenario.json` is this manifest's scenario.
    public func record(_ index: Int) -> SweepRecord? {
        let folder = runFolder(index)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let data = FileManager.default.contents(atPath: Self.join(folder, Self.scenarioFile)),
              let record = try? decoder.decode(SweepRecord.self, from: data), record.scenario == scenarios[index],
              (try? PlanFolder(reading: folder)) != nil else { return nil }
        return record
    }

    public func status(_ index: Int) -> SweepStatus {
        if record(index) != nil { return .finished }
        if let data = FileManager.default.contents(atPath: failureFile(index)) { return .failed(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) }
        return .pending
    }

    /// Plans scenario `index` into `runs/I/` unless it is finished; on
    /// failure writes `failures/I.txt` and rethrows. Safe to run again, and
    /// from several processes at once (each plan lands in one atomic step).
    /// - Returns: `false` when the scenario was already finished (nothing ran).
    @discardableResult
    public func run(_ index: Int, jobs: Int) throws -> Bool {
        guard scenarios.indices.contains(index) else {
            throw InputError(source: "--index", "\(index) is not a scenario of \(path); it has 0 to \(scenarios.count - 1)")
        }
        if record(index) != nil { return false }
        do {
            let request = try scenarios[index].request(in: path, jobs: jobs)
            try ReportWriter.checkTarget(runFolder(index))
            let outcome = try request.run()
            let record = SweepRecord(scenario: scenarios[index], kind: outcome.header.kind, polyserveRatioToBound: outcome.polyserveRatioToBound)
            let json = try JSONOutput.string(record) + "\n"
            try ReportWriter.write(outcome, to: runFolder(index), adding: [Self.scenarioFile: json])
            try? FileManager.default.removeItem(atPath: failureFile(index))
            return true
        } catch {
            try? Self.writeAtomically("\(error)\n", to: failureFile(index))
            throw error
        }
    }

    /// Runs every scenario not yet finished, `jobs` threads in all (scenarios
    /// side by side, each with its share of the threads), one `progress` unit
    /// per scenario. A failed scenario does not stop the others.
    /// - Returns: the status of every scenario that ran, by index.
    public func runPending(jobs: Int, progress: any PlanProgress = SilentProgress()) -> [Int: SweepStatus] {
        let pending = scenarios.indices.filter { record($0) == nil }
        guard !pending.isEmpty else { return [:] }
        let side = min(max(1, jobs), pending.count)
        let each = max(1, jobs / side)
        let results = StatusSlots()
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = side
        progress.begin("\(pending.count) scenarios, \(side) at a time", units: pending.count)
        for index in pending {
            queue.addOperation {
                let status: SweepStatus
                do { try self.run(index, jobs: each); status = .finished } catch { status = .failed("\(error)") }
                results.set(index, status)
                progress.advance()
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        progress.finish()
        return results.all
    }
}

private final class StatusSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Int: SweepStatus] = [:]
    func set(_ index: Int, _ status: SweepStatus) { lock.withLock { slots[index] = status } }
    var all: [Int: SweepStatus] { lock.withLock { slots } }
}
