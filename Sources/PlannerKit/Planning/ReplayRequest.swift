import Profiling

/// What `planner validate --measured` or `--manifest` asks: replay measured
/// serving runs in the simulator on their profiles and compare.
public struct ReplayRequest: Sendable {
    public enum Source: Sendable {
        /// A vLLM `--save-result` file on a profile; `fallbackWorkload`'s first tier stands in for missing lengths.
        case measured(path: String, profile: String, fallbackWorkload: String?)
        /// The scenarios of a validation manifest.
        case manifest(path: String)
    }

    public var source: Source
    /// How every run is replayed; each on its own profile.
    public var settings: ReplaySettings

    public init(source: Source, settings: ReplaySettings = ReplaySettings()) {
        self.source = source
        self.settings = settings
    }

    public struct Outcome: Sendable {
        public var reports: [ServingReplay.Report]
        /// Manifest scenarios that could not run, with why.
        public var skipped: [(scenario: String, why: String)]
    }

    public struct NothingRan: Error, CustomStringConvertible {
        public var manifest: String
        public var description: String {
            "no scenario of \(manifest) could run (its measured files are absent); give a run with --measured FILE --profile P"
        }
    }

    /// The replay on `profile` with this request's settings.
    public func replayer(on profile: LatencyProfile) -> ServingReplay { ServingReplay(profile: profile, settings: settings) }

    /// Replays every run; every profile is read before the first replay, so a bad one fails fast.
    public func run() throws -> Outcome {
        switch source {
        case let .measured(path, profile, fallbackWorkload):
            let fallback = try fallbackWorkload.map { try PlanningInputs.load(workload: $0).workload.tiers[0].lengths }
            let run = try VLLMBenchmarkResult.load(path: path, fallback: fallback)
            return Outcome(reports: [try replayer(on: try ProfileFormat.read(path: profile)).replay(run)], skipped: [])
        case let .manifest(path):
            var skipped: [(String, String)] = []
            var runnable: [(scenario: ValidationManifest.Scenario, profile: LatencyProfile)] = []
            for scenario in try ValidationManifest.load(path: path).scenarios {
                if let why = scenario.unavailable { skipped.append((scenario.name, why)); continue }
                runnable.append((scenario, try ProfileFormat.read(path: scenario.profilePath)))
            }
            let reports = try runnable.compactMap { try replayer(on: $0.profile).replay($0.scenario, source: path) }
            if reports.isEmpty { throw NothingRan(manifest: path) }
            return Outcome(reports: reports, skipped: skipped)
        }
    }

    /// Whether any engine overhead is set here rather than taken from the scenario or profile.
    public var overridesEngine: Bool { settings.requestOverheadMs != nil || settings.iterationOverheadMs != nil || settings.sequenceOverheadMs != nil }
}
