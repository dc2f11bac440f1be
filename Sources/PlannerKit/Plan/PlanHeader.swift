import Dispatch
import Profiling

/// The kinds of plan, each with the common files and its own extras (docs/outputs.md).
public enum PlanKind: String, Sendable, Codable, CaseIterable {
    case single, servingModes = "serving-modes", mixed, schedule
}

/// An input file of a plan and its SHA-256, so a report says exactly what it was computed from.
public struct PlanInput: Sendable, Codable, Equatable {
    public var path: String
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}

/// What every plan records about how it was made, whatever its kind: the
/// `header` of every `plan.json`. A reader checks `format`, then reads `kind`
/// to know which body follows.
public struct PlanHeader: Sendable, Codable {
    /// The output contract's name and version; a change that breaks a reader changes it.
    public static let currentFormat = "planner-plan/1"

    /// The settings that decide a plan's numbers (not how many threads computed them).
    public struct Settings: Sendable, Codable, Equatable {
        public var replications: Int
        public var policies: [PolicyID]
        public var requestsPerRun: Int
        public var maximumInstances: Int
        public var polyserve: PolyServeOptions
        public var goodputTolerance: Double
        public var searchesLatencyRange: Bool
        /// Schedules only: the continuous run, its provisioning delay and the prices of the reserved split (`nil`: the workload's or profile's).
        public var continuousRun: Bool?
        public var provisioningDelaySeconds: Double?
        public var onDemandPricePerGpuHour: Double?
        public var reservedPricePerGpuHour: Double?

        init(_ settings: PlanSettings, kind: PlanKind) {
            replications = settings.replications
            policies = settings.policies
            requestsPerRun = settings.limits.requests
            maximumInstances = settings.limits.instances
            polyserve = settings.polyserve
            goodputTolerance = settings.goodputTolerance
            searchesLatencyRange = settings.searchesLatencyRange
            if kind == .schedule {
                continuousRun = settings.schedule.continuous
                provisioningDelaySeconds = settings.schedule.provisioningDelay
                onDemandPricePerGpuHour = settings.schedule.onDemandPrice
                reservedPricePerGpuHour = settings.schedule.reservedPrice
            }
        }
    }

    /// How the engines serve, from the workload: what changes the latency a plan rests on.
    public struct Deployment: Sendable, Codable, Equatable {
        public var prefixCaching: Bool
        /// `nil`: one token per request per iteration.
        public var speculativeDecoding: SpeculativeDecoding?

        /// One line for a console, or `nil` when speculative decoding is off.
        public var consoleLine: String? {
            speculativeDecoding.map { s in
                "speculative decoding: \(s.draftTokens) draft tokens, acceptance \(fmtShort(s.acceptance)), "
                    + "\(fmt(s.tokensPerStep, 2)) tokens per verify step, each draft token \(fmtShort(s.draftCost * 100)) % of a decode step"
            }
        }
    }

    public var format: String
    public var kind: PlanKind
    public var tool: String
    public var version: String
    /// The workload's seed; `seeds` are the replications' seeds, the first equal to it.
    public var seed: UInt64
    public var seeds: [UInt64]
    public var inputs: [PlanInput]
    public var settings: Settings
    public var wallSeconds: Double
    /// What the inputs allow but a planner should hear (``PlanningInputs/warnings``); absent when none.
    public var warnings: [String]? = nil
    /// Absent in plans written before it was recorded.
    public var deployment: Deployment?

    /// The header of a plan of `kind` for `workload` that started at `start` (`DispatchTime` uptime nanoseconds) and ends now.
    public init(kind: PlanKind, workload: Workload, settings: PlanSettings, inputs: [PlanInput], startedAt start: UInt64) {
        format = Self.currentFormat
        self.kind = kind
        tool = "planner"
        version = PlannerVersion.current
        let seed = workload.seed
        self.seed = seed
        deployment = Deployment(prefixCaching: workload.prefixCaching, speculativeDecoding: workload.speculativeDecoding)
        seeds = Replications(count: settings.replications, baseSeed: seed).seeds
        self.inputs = inputs
        self.settings = Settings(settings, kind: kind)
        wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
