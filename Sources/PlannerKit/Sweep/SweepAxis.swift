import Foundation

/// One thing a sweep varies, named by its key in the sweep file
/// (`rate_scale`, `tiers.premium.tpot_ms`, `profile`, …; docs/sweeps.md).
public enum SweepAxis: Hashable, Sendable {
    /// Every tier's rate (and a schedule's every window) times the value.
    case rateScale
    /// The workload's default attainment target (`nil`), or one tier's.
    case attainmentTarget(tier: String?)
    /// One tier's TPOT SLO, milliseconds.
    case tpot(tier: String)
    /// One tier's TTFT SLO, milliseconds (one value replaces the tier's choices).
    case ttft(tier: String)
    /// The profiles planned on: one file, or several for a mixed fleet.
    case profiles
    /// Co-located, disaggregated, or both side by side.
    case serving
    /// Whether the engines cache prompt prefixes (the workload's `prefix_caching`).
    case prefixCaching
    /// Whether the engines decode speculatively, as the workload's
    /// `speculative_decoding` says (`false`: one token per step), and its figures.
    case speculativeDecoding, acceptance, draftTokens
    /// PolyServe's options (docs/polyserve.md).
    case steadyBatch, borrowLooserServers, deadlineAwareChunks, prefixAffinity

    /// The keys an axis may have, for error messages.
    public static let keyForms = ["rate_scale", "attainment_target", "tiers.<tier>.tpot_ms", "tiers.<tier>.ttft_ms",
                                  "tiers.<tier>.attainment_target", "profile", "serving", "prefix_caching", "speculative_decoding",
                                  "speculative_decoding.acceptance", "speculative_decoding.draft_tokens", "polyserve.steady_batch",
                                  "polyserve.borrow_looser_servers", "polyserve.deadline_aware_chunks", "polyserve.prefix_affinity"]

    /// The axis a key names, or `nil`.
    public init?(key: String) {
        switch key {
        case "rate_scale": self = .rateScale
        case "attainment_target": self = .attainmentTarget(tier: nil)
        case "profile": self = .profiles
        case "serving": self = .serving
        case "prefix_caching": self = .prefixCaching
        case "speculative_decoding": self = .speculativeDecoding
        case "speculative_decoding.acceptance": self = .acceptance
        case "speculative_decoding.draft_tokens": self = .draftTokens
        case "polyserve.steady_batch": self = .steadyBatch
        case "polyserve.borrow_looser_servers": self = .borrowLooserServers
        case "polyserve.deadline_aware_chunks": self = .deadlineAwareChunks
        case "polyserve.prefix_affinity": self = .prefixAffinity
        default:
            // Tier names may hold dots: the tier is everything between the prefix and the last dot.
            guard key.hasPrefix("tiers."), let dot = key.lastIndex(of: "."), dot > key.index(key.startIndex, offsetBy: 5) else { return nil }
            let tier = String(key[key.index(key.startIndex, offsetBy: 6)..<dot])
            guard !tier.isEmpty else { return nil }
            switch key[key.index(after: dot)...] {
            case "tpot_ms": self = .tpot(tier: tier)
            case "ttft_ms": self = .ttft(tier: tier)
            case "attainment_target": self = .attainmentTarget(tier: tier)
            default: return nil
            }
        }
    }

    /// The key in the sweep file and the column name in `sweep.csv`.
    public var key: String {
        switch self {
        case .rateScale: "rate_scale"
        case .attainmentTarget(nil): "attainment_target"
        case .attainmentTarget(let tier?): "tiers.\(tier).attainment_target"
        case .tpot(let tier): "tiers.\(tier).tpot_ms"
        case .ttft(let tier): "tiers.\(tier).ttft_ms"
        case .profiles: "profile"
        case .serving: "serving"
        case .prefixCaching: "prefix_caching"
        case .speculativeDecoding: "speculative_decoding"
        case .acceptance: "speculative_decoding.acceptance"
        case .draftTokens: "speculative_decoding.draft_tokens"
        case .steadyBatch: "polyserve.steady_batch"
        case .borrowLooserServers: "polyserve.borrow_looser_servers"
        case .deadlineAwareChunks: "polyserve.deadline_aware_chunks"
        case .prefixAffinity: "polyserve.prefix_affinity"
        }
    }

    /// The tier an axis is about, if any.
    public var tier: String? {
        switch self {
        case .attainmentTarget(let tier): tier
        case .tpot(let tier), .ttft(let tier): tier
        default: nil
        }
    }

    /// Whether the axis varies the base workload's `speculative_decoding`, which it must have.
    public var needsSpeculation: Bool {
        switch self {
        case .speculativeDecoding, .acceptance, .draftTokens: true
        default: false
        }
    }

    /// Whether a larger value is a tighter service level (the cost-of-SLA axes).
    public var isServiceLevel: Bool {
        switch self {
        case .tpot, .ttft, .attainmentTarget: true
        default: false
        }
    }
}

/// One value of an axis, as the sweep file gave it.
public enum SweepValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case flag(Bool)
    /// Profile files, relative to the sweep folder once planned.
    case files([String])

    public var number: Double? { if case .number(let x) = self { x } else { nil } }

    /// How the value reads in a scenario's name and a table: a number exactly, files by their stem.
    public var description: String {
        switch self {
        // Exactly as given (shortest round-trip form): an acceptance of 0.85 must not read 0.9.
        case .number(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        case .text(let s): s
        case .flag(let b): b ? "yes" : "no"
        case .files(let paths): paths.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }.joined(separator: "+")
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .flag(b) }
        else if let x = try? c.decode(Double.self) { self = .number(x) }
        else if let s = try? c.decode(String.self) { self = .text(s) }
        else { self = .files(try c.decode([String].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .text(let s): try c.encode(s)
        case .flag(let b): try c.encode(b)
        case .files(let paths): try c.encode(paths)
        }
    }
}
