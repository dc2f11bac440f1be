import Foundation
import Profiling

/// A planned sweep on disk (docs/sweeps.md):
///
///     DIR/.planner-sweep        marker: the planner owns this folder
///     DIR/sweep.json            the sweep's header (name, spec, axes, seed, version)
///     DIR/manifest.jsonl        one scenario per line, line i is scenario i
///     DIR/runs/I/               scenario I's plan (the plan contract's files and scenario.json)
///     DIR/failures/I.txt        why scenario I failed, until it succeeds
///
/// Every scenario is planned on its own, into its own folder, atomically, so
/// any number of processes on any number of machines may run scenarios at
/// once, a killed run leaves nothing half written, and a rerun skips what
/// is finished.
public struct SweepFolder: Sendable {
    public static let markerFile = ".planner-sweep"
    public static let headerFile = "sweep.json"
    public static let manifestFile = "manifest.jsonl"
    public static let runsFolder = "runs"
    public static let failuresFolder = "failures"
    /// The file beside a scenario's plan that says which scenario it is.
    public static let scenarioFile = "scenario.json"

    /// What `sweep.json` holds.
    public struct Header: Sendable, Codable, Equatable {
        public static let currentFormat = "planner-sweep/1"
        public var format = Header.currentFormat
        public var name: String
        public var description: String
        public var tool = "planner"
        public var version = PlannerVersion.current
        /// The sweep file, relative to the folder, and its SHA-256.
        public var spec: PlanInput
        public var axes: [String]
        /// The base workload's tiers, in order (the columns of `sweep.csv`).
        public var tiers: [String]
        public var seed: UInt64
        public var scenarios: Int
    }

    /// The folder's path as given.
    public let path: String
    public var header: Header
    public var scenarios: [SweepScenario]

    /// Reads a planned sweep.
    /// - Throws: ``InputError`` when `path` is not a sweep folder or its files are damaged.
    public init(reading path: String) throws(InputError) {
        self.path = path
        let marker = Self.join(path, Self.markerFile)
        guard FileManager.default.fileExists(atPath: marker) else {
            throw InputError(source: path, "is not a planned sweep (no \(Self.markerFile)); create one with `planner sweep plan SPEC.yaml --out \(path)`")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let headerPath = Self.join(path, Self.headerFile)
        do { header = try decoder.decode(Header.self, from: try InputError.contents(of: headerPath)) } catch let e as InputError { throw e } catch {
            throw InputError(source: headerPath, "is not a sweep header this planner reads (\(PlanFolder.describe(error)))")
        }
        guard header.format == Header.currentFormat else {
            throw InputError(source: headerPath, field: "format", "is '\(InputError.printable(header.format))'; this planner reads \(Header.currentFormat)")
        }
        let manifestPath = Self.join(path, Self.manifestFile)
        let text = String(decoding: try InputError.contents(of: manifestPath), as: UTF8.self)
        var scenarios: [SweepScenario] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            do { scenarios.append(try decoder.decode(SweepScenario.self, from: Data(line.utf8))) } catch {
                throw InputError(source: manifestPath, line: i + 1, "is not a scenario (\(PlanFolder.describe(error)))")
            }
            guard scenarios[i].index == i else {
                throw InputError(source: manifestPath, line: i + 1, field: "index", "is \(scenarios[i].index); line \(i + 1) holds scenario \(i)")
            }
        }
        guard scenarios.count == header.scenarios else {
            throw InputError(source: manifestPath, "holds \(scenarios.count) scenarios; \(Self.headerFile) says \(header.scenarios)")
        }
        self.scenarios = scenarios
    }

    /// Where scenario `index` is planned.
    public func runFolder(_ index: Int) -> String { Self.join(Self.join(path, Self.runsFolder), String(index)) }
    func failureFile(_ index: Int) -> String { Self.join(Self.join(path, Self.failuresFolder), "\(index).txt") }

    static func join(_ a: String, _ b: String) -> String { (a as NSString).appendingPathComponent(b) }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        return e
    }

    /// Writes `text` to `path` in one step (a temporary file renamed over it).
    static func writeAtomically(_ text: String, to path: String) throws(InputError) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(source: path, "cannot write: \(ReportWriter.reason(error))")
        }
    }
}
