import Foundation
import Profiling
import Yams

/// Reads a workload YAML file into a ``Workload``; docs/workloads.md gives the format.
///
/// Paths inside the file (profiles, traces, length files) are relative to the
/// file's folder. Every error names the file, the line and the key path.
public enum WorkloadLoader {
    static let topKeys = ["name", "description", "profile", "profiles", "attainment_target", "seed", "run", "arrivals",
                          "lengths", "tiers", "mix_change", "prices", "schedule", "serving", "disaggregation", "prefix_caching",
                          "speculative_decoding"]
    static let tierKeys = ["name", "tpot_ms", "ttft_ms", "share", "rate_rps", "lengths", "attainment_target", "prefix", "session"]
    static let tolerance = 1e-3

    public static func load(path: String) throws(InputError) -> Workload {
        let (root, data) = try YAMLValue.document(path: path, expecting: "a workload")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try decode(root, folder: folder, checksum: sha256Hex(data))
    }

    static func decode(_ root: YAMLValue, folder: URL, checksum: String) throws(InputError) -> Workload {
        let top = try root.mapping(allowed: topKeys)
        func resolve(_ value: YAMLValue) throws(InputError) -> String { try value.existingFile(relativeTo: folder) }
        guard let name = top["name"] else { throw root.error("missing key 'name'") }

        // Profiles.
        var profiles: [String] = []
        if top["profile"] != nil, let many = top["profiles"] { throw many.error("give 'profile' or 'profiles', not both") }
        if let one = top["profile"] { profiles.append(try resolve(one)) }
        if let many = top["profiles"] { for p in try many.array() { profiles.append(try resolve(p)) } }

        // Lengths shared by tiers that state none.
        let sharedLengths = try top["lengths"].map { v throws(InputError) in try lengthModel(v, resolve: resolve) }

        // Tiers.
        guard let tiersValue = top["tiers"] else { throw root.error("missing key 'tiers'") }
        let tierValues = try tiersValue.array()
        guard !tierValues.isEmpty else { throw tiersValue.error("a workload needs at least one tier") }
        var tiers: [Tier] = []
        var rates: [Double?] = []
        for value in tierValues {
            let t = try value.mapping(allowed: tierKeys)
            guard let tierName = try t["name"]?.string() else { throw value.error("a tier needs a 'name'") }
            if tiers.contains(where: { $0.name == tierName }) { throw value.error("tier name '\(tierName)' is used twice") }
            if tierName.lowercased() == Tier.reservedName {
                throw value.error("tier name '\(tierName)' is taken by the fleet's row of every summary.csv; give the tier another name")
            }
            guard let tpot = t["tpot_ms"] else { throw value.error("tier '\(tierName)' needs 'tpot_ms'") }
            guard let ttft = t["ttft_ms"] else { throw value.error("tier '\(tierName)' needs 'ttft_ms'") }
            let (choices, probabilities) = try ttftChoices(ttft)
            guard let lengths = try t["lengths"].map({ v throws(InputError) in try lengthModel(v, resolve: resolve) }) ?? sharedLengths else {
                throw value.error("tier '\(tierName)' has no 'lengths' and the workload has no shared 'lengths'")
            }
            if t["share"] != nil, t["rate_rps"] != nil { throw value.error("give 'share' or 'rate_rps', not both") }
            let share = try t["share"]?.nonNegative()
            rates.append(try t["rate_rps"]?.nonNegative())
            if share == nil, rates.last! == nil { throw value.error("tier '\(tierName)' needs 'share' (of the total rate) or 'rate_rps'") }
            var tier = Tier(name: tierName, tpotMs: try tpot.positive(maximum: InputLimits.maximumSLOMs), ttftChoicesMs: choices, ttftProbabilities: probabilities,
                            share: share ?? 0, lengths: lengths, attainmentTarget: try t["attainment_target"]?.fraction())
            if let p = t["prefix"] {
                let fields = try p.mapping(allowed: ["prompts", "tokens"])
                guard let prompts = fields["prompts"], let tokens = fields["tokens"] else {
                    throw p.error("a prefix needs 'prompts' (distinct system prompts) and 'tokens' (each one's length)")
                }
                let prefix = Tier.SharedPrefix(prompts: try prompts.integer(minimum: 1, maximum: Tier.SharedPrefix.maximumPrompts),
                                               tokens: try tokens.integer(minimum: 1, maximum: Tier.SharedPrefix.maximumTokens))
                tier.sharedPrefix = prefix
                tier.lengths = tier.lengths.shiftingPrompts(by: prefix.tokens)
            }
            if let s = t["session"] {
                let session = try self.session(s, messages: lengths, systemTokens: tier.sharedPrefix?.tokens ?? 0)
                tier.session = session
                tier.lengths = session.requestLengths(tier: tierName)
            }
            tiers.append(tier)
        }
        let byRate = rates.contains { $0 != nil }
        if byRate, rates.contains(where: { $0 == nil }) { throw tiersValue.error("either every tier gives 'share' or every tier gives 'rate_rps'") }
        var totalFromTiers: Double? = nil
        if byRate {
            let total = rates.reduce(0) { $0 + $1! }
            guard total > 0 else { throw tiersValue.error("the tiers' rates sum to zero") }
            for i in tiers.indices { tiers[i].share = rates[i]! / total }
            totalFromTiers = total
        } else {
            let sum = tiers.reduce(0) { $0 + $1.share }
            guard abs(sum - 1) <= tolerance else { throw tiersValue.error("tier shares sum to \(sum); they must sum to 1") }
            for i in tiers.indices { tiers[i].share /= sum }
        }

        // Arrivals.
        guard let arrivalsValue = top["arrivals"] else { throw root.error("missing key 'arrivals'") }
        let (arrivals, traceTiers) = try arrivalProcess(arrivalsValue, totalFromTiers: totalFromTiers, resolve: resolve)
        if let i = tiers.firstIndex(where: { $0.session != nil }) {
            let where_ = "tier '\(tiers[i].name)' has sessions"
            if arrivals.isClosedLoop { throw arrivalsValue.error("\(where_); a closed loop's clients send one request at a time, so give the tier no 'session' or use poisson or gamma arrivals") }
            if case .replay = arrivals { throw arrivalsValue.error("\(where_); a replayed trace brings its own requests (a Mooncake trace its own shared prefixes), so give the tier no 'session'") }
        }
        if let unknown = traceTiers.first(where: { name in !tiers.contains { $0.name == name } }) {
            throw arrivalsValue.error("the trace names tier '\(unknown)', which the workload does not define")
        }

        // Mix change.
        var mixChange: Workload.MixChange? = nil
        if let m = top["mix_change"] {
            let fields = try m.mapping(allowed: ["at_seconds", "shares"])
            guard let at = fields["at_seconds"], let sharesValue = fields["shares"] else { throw m.error("mix_change needs 'at_seconds' and 'shares'") }
            let named = try sharesValue.mapping(allowed: tiers.map(\.name))
            var shares = Array(repeating: 0.0, count: tiers.count)
            for (i, tier) in tiers.enumerated() { shares[i] = try named[tier.name]?.nonNegative() ?? 0 }
            let sum = shares.reduce(0, +)
            guard abs(sum - 1) <= tolerance else { throw sharesValue.error("shares sum to \(sum); they must sum to 1") }
            mixChange = .init(atSeconds: try at.nonNegative(), shares: shares.map { $0 / sum })
        }

        // Run.
        var runLength = Workload.RunLength.requests(100_000)
        var warmup = 0.0
        if let r = top["run"] {
            let fields = try r.mapping(allowed: ["requests", "seconds", "warmup_seconds"])
            if fields["requests"] != nil, fields["seconds"] != nil { throw r.error("give 'requests' or 'seconds', not both") }
            if let n = fields["requests"] { runLength = .requests(try n.integer(minimum: 1, maximum: RunLimits.requestCeiling)) }
            if let s = fields["seconds"] { runLength = .seconds(try s.positive()) }
            warmup = try fields["warmup_seconds"]?.nonNegative() ?? 0
        }

        var prices: [String: Double] = [:]
        if let p = top["prices"] {
            guard case .mapping(let mapping) = p.node else { throw p.error("expected GPU: price per GPU-hour pairs") }
            for (key, value) in mapping {
                let gpu = key.string ?? ""
                guard let canonical = GPUSpec.named(gpu)?.name else {
                    throw InputError(source: p.source, line: key.mark?.line, field: "prices.\(gpu)", "unknown GPU; the catalogue has \(GPUSpec.catalogue.map(\.name).joined(separator: ", "))")
                }
                guard prices[canonical] == nil else {
                    throw InputError(source: p.source, line: key.mark?.line, field: "prices.\(gpu)", "names \(canonical) a second time; give each GPU one price")
                }
                prices[canonical] = try YAMLValue(node: value, source: p.source, path: "prices.\(gpu)").nonNegative()
            }
        }
        if case .seconds(let seconds) = runLength, seconds * arrivals.rate > Double(RunLimits.requestCeiling) {
            throw top["run"]!.error("\(fmtShort(seconds)) s at \(fmtShort(arrivals.rate)) req/s is about \(fmtShort(seconds * arrivals.rate)) requests; no run simulates more than \(RunLimits.requestCeiling)")
        }
        let seed = try top["seed"]?.integer(minimum: 0) ?? 1
        let schedule = try top["schedule"].map { v throws(InputError) in try demandSchedule(v, tiers: tiers) }
        if arrivals.isClosedLoop, case .seconds = runLength {
            throw top["run"]!.error("a closed loop runs for a number of requests (run: {requests: N}, as vllm bench serve --num-prompts); its duration follows from its latency")
        }
        if arrivals.isClosedLoop, let v = top["schedule"] ?? top["mix_change"] {
            throw v.error("a closed loop keeps its users and mix for the whole run; 'schedule' and 'mix_change' scale open arrivals")
        }
        if schedule != nil, case .replay = arrivals {
            throw top["schedule"]!.error("a schedule scales synthetic arrivals (poisson or gamma); a replayed trace already has its own rates")
        }
        if schedule != nil, mixChange != nil { throw top["schedule"]!.error("give 'schedule' (with per-window shares) or 'mix_change', not both") }
        var workload = Workload(
            name: try name.string(), description: try top["description"]?.string() ?? "", tiers: tiers, arrivals: arrivals,
            mixChange: mixChange, runLength: runLength, warmupSeconds: warmup,
            attainmentTarget: try top["attainment_target"]?.fraction() ?? 0.9, seed: UInt64(seed),
            profilePaths: profiles, prices: prices, sourcePath: root.source, sourceChecksum: checksum)
        workload.schedule = schedule
        if let v = top["serving"] {
            let text = try v.string()
            switch text {
            case "colocated": workload.serving = [.colocated]
            case "disaggregated": workload.serving = [.disaggregated]
            case "both": workload.serving = [.colocated, .disaggregated]
            default: throw v.error("'\(text)' is not a serving mode; expected colocated, disaggregated or both")
            }
        }
        if let v = top["prefix_caching"] { workload.prefixCaching = try v.flag() }
        if let v = top["speculative_decoding"] {
            workload.speculativeDecoding = try speculativeDecoding(v)
            if workload.serving.contains(.disaggregated) {
                throw v.error("is not modelled with disaggregated serving (its prefill instances would run no drafts); serve colocated, or leave speculative decoding out")
            }
        }
        if let v = top["disaggregation"] {
            let fields = try v.mapping(allowed: ["prefill_token_budget", "kv_bandwidth_gb_per_s"])
            workload.disaggregationSettings = .init(
                prefillTokenBudget: try fields["prefill_token_budget"]?.integer(minimum: 1, maximum: InputLimits.maximumTokenBudget),
                kvBandwidthBytesPerSecond: try fields["kv_bandwidth_gb_per_s"].map { f throws(InputError) in try f.positive(maximum: 1e6) * 1e9 })
        }
        return workload
    }

    /// `session: {turns, think_seconds}`: `turns` a count (every session) or
    /// `{mean: m}` (geometric), think time in seconds (mean of an exponential).
    static func session(_ value: YAMLValue, messages: LengthModel, systemTokens: Int) throws(InputError) -> Session {
        let fields = try value.mapping(allowed: ["turns", "think_seconds"])
        guard let turnsValue = fields["turns"] else { throw value.error("missing key 'turns' (a session needs its turns: a count, or {mean: m} for a geometric law)") }
        let turns: Session.Turns
        if case .mapping = turnsValue.node {
            let t = try turnsValue.mapping(allowed: ["mean"])
            guard let mean = t["mean"] else { throw turnsValue.error("missing key 'mean' (turns per session on average, at least 1)") }
            let m = try mean.double()
            guard m >= 1, m <= Double(Session.maximumTurns) / 10 else {
                throw mean.error("expected a mean from 1 to \(Session.maximumTurns / 10) turns; found \(m)")
            }
            turns = .geometric(mean: m)
        } else {
            turns = .fixed(try turnsValue.integer(minimum: 1, maximum: Session.maximumTurns))
        }
        let think = try fields["think_seconds"]?.nonNegative() ?? 0
        guard think <= Session.maximumThinkSeconds else {
            throw fields["think_seconds"]!.error("expected at most \(Int(Session.maximumThinkSeconds)) seconds (a day); found \(think)")
        }
        return Session(turns: turns, thinkSeconds: think, messages: messages, systemTokens: systemTokens)
    }

    /// `speculative_decoding: {draft_tokens, acceptance, draft_cost}`: `k` from
    /// 1 to 16, `α` in [0, 1), and one draft token's cost as a fraction of a decode step.
    static func speculativeDecoding(_ value: YAMLValue) throws(InputError) -> SpeculativeDecoding {
        let fields = try value.mapping(allowed: ["draft_tokens", "acceptance", "draft_cost"])
        func required(_ key: String) throws(InputError) -> YAMLValue {
            guard let v = fields[key] else { throw value.error("missing key '\(key)' (speculative_decoding needs draft_tokens, acceptance and draft_cost)") }
            return v
        }
        let k = try required("draft_tokens").draftTokens()
        let alpha = try required("acceptance").acceptance()
        let c = try required("draft_cost")
        let cost = try c.double()
        guard SpeculativeDecoding.costRange.contains(cost) else {
            throw c.error("expected a fraction from 0 to 1 of the served model's decode step per draft token; found \(cost)")
        }
        return SpeculativeDecoding(draftTokens: k, acceptance: alpha, draftCost: cost)
    }

    /// `schedule:` as `hourly: [multiples]` (24 for a day, 168 for a week) or
    /// `windows: [{name, hours, rate_scale, shares}]`, with an optional `source`.
    static func demandSchedule(_ value: YAMLValue, tiers: [Tier]) throws(InputError) -> DemandSchedule {
        let fields = try value.mapping(allowed: ["hourly", "windows", "source"])
        let source = try fields["source"]?.string() ?? ""
        func scale(_ v: YAMLValue) throws(InputError) -> Double {
            let x = try v.double()
            guard x > 0, DemandSchedule.rateScaleRange.contains(x) else {
                throw v.error("rate multiple \(x) must be above 0 and at most \(Int(DemandSchedule.rateScaleRange.upperBound)) (a quiet hour is a small multiple, not 0)")
            }
            return x
        }
        var windows: [DemandSchedule.Window] = []
        switch (fields["hourly"], fields["windows"]) {
        case let (hourly?, nil):
            let values = try hourly.array()
            guard values.count == 24 || values.count == 168 else {
                throw hourly.error("\(values.count) hourly multiples; give 24 (a day) or 168 (a week, Monday 00:00 first)")
            }
            for (h, v) in values.enumerated() {
                let name = values.count == 24 ? String(format: "%02d:00", h) : "\(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][h / 24]) \(String(format: "%02d:00", h % 24))"
                windows.append(.init(name: name, hours: 1, rateScale: try scale(v)))
            }
        case let (nil, list?):
            let items = try list.array()
            guard !items.isEmpty, items.count <= DemandSchedule.maximumWindows else {
                throw list.error("a schedule needs 1 to \(DemandSchedule.maximumWindows) windows; found \(items.count)")
            }
            for (i, item) in items.enumerated() {
                let f = try item.mapping(allowed: ["name", "hours", "rate_scale", "shares"])
                guard let hours = f["hours"], let rate = f["rate_scale"] else { throw item.error("a window needs 'hours' and 'rate_scale'") }
                let h = try hours.positive(minimum: 0, maximum: DemandSchedule.maximumPeriodHours)  // the minute below says more
                guard h >= DemandSchedule.minimumWindowHours else {
                    throw hours.error("a window lasts at least a minute (1/60 hour); found \(h) hours")
                }
                var shares: [Double]? = nil
                if let sharesValue = f["shares"] {
                    let named = try sharesValue.mapping(allowed: tiers.map(\.name))
                    let values = try tiers.map { t throws(InputError) in try named[t.name]?.nonNegative() ?? 0 }
                    let sum = values.reduce(0, +)
                    guard abs(sum - 1) <= tolerance else { throw sharesValue.error("shares sum to \(sum); they must sum to 1") }
                    shares = values.map { $0 / sum }
                }
                windows.append(.init(name: try f["name"]?.string() ?? "window \(i + 1)", hours: h, rateScale: try scale(rate), shares: shares))
            }
        default:
            throw value.error("a schedule gives 'hourly' (24 or 168 multiples of the base rate) or 'windows', exactly one")
        }
        let schedule = DemandSchedule(windows: windows, source: source)
        guard schedule.periodHours <= DemandSchedule.maximumPeriodHours + 1e-9 else {
            throw value.error("the windows last \(schedule.periodHours) hours; a schedule covers at most a week (168 hours)")
        }
        return schedule
    }

    static func ttftChoices(_ value: YAMLValue) throws(InputError) -> ([Double], [Double]) {
        if case .scalar = value.node { return ([try value.positive(maximum: InputLimits.maximumSLOMs)], [1]) }
        let fields = try value.mapping(allowed: ["choices", "probabilities"])
        guard let choicesValue = fields["choices"] else { throw value.error("expected a number of ms, or 'choices' with optional 'probabilities'") }
        let choices = try choicesValue.array().map { v throws(InputError) in try v.positive(maximum: InputLimits.maximumSLOMs) }
        guard !choices.isEmpty else { throw choicesValue.error("the list of TTFT choices is empty") }
        guard let probabilitiesValue = fields["probabilities"] else {
            return (choices, Array(repeating: 1 / Double(choices.count), count: choices.count))
        }
        let probabilities = try probabilitiesValue.array().map { v throws(InputError) in try v.nonNegative() }
        guard probabilities.count == choices.count else {
            throw probabilitiesValue.error("\(probabilities.count) probabilities for \(choices.count) choices")
        }
        let sum = probabilities.reduce(0, +)
        guard abs(sum - 1) <= tolerance else { throw probabilitiesValue.error("probabilities sum to \(sum); they must sum to 1") }
        return (choices, probabilities.map { $0 / sum })
    }

    static func lengthModel(_ value: YAMLValue, resolve: (YAMLValue) throws(InputError) -> String) throws(InputError) -> LengthModel {
        let fields = try value.mapping(allowed: ["prompt", "output", "file", "format"])
        if let file = fields["file"] {
            if fields["prompt"] != nil || fields["output"] != nil { throw value.error("give 'file' or 'prompt'/'output', not both") }
            let path = try resolve(file)
            let format = try fields["format"].map { f throws(InputError) -> TraceFormat in
                guard let format = TraceFormat(rawValue: try f.string()) else {
                    throw f.error("unknown format; expected one of \(TraceFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return format
            }
            let summary = try TraceSource.summarize(path: path, format: format)
            return .empirical(pairs: summary.pairs, source: path)
        }
        guard let prompt = fields["prompt"], let output = fields["output"] else { throw value.error("lengths need 'prompt' and 'output' laws, or a 'file'") }
        return .independent(prompt: try lengthLaw(prompt), output: try lengthLaw(output))
    }

    static func lengthLaw(_ value: YAMLValue) throws(InputError) -> LengthLaw {
        let fields = try value.mapping(allowed: ["law", "value", "min", "max", "median", "sigma", "points"])
        guard let law = try fields["law"]?.string() else { throw value.error("a length law needs 'law': fixed, uniform, lognormal or quantiles") }
        func required(_ key: String) throws(InputError) -> YAMLValue {
            guard let v = fields[key] else { throw value.error("law '\(law)' needs '\(key)'") }
            return v
        }
        switch law {
        case "fixed": return .fixed(try required("value").integer(minimum: 1, maximum: InputLimits.maximumTokens))
        case "uniform":
            let lo = try required("min").integer(minimum: 1, maximum: InputLimits.maximumTokens), hi = try required("max").integer(minimum: 1, maximum: InputLimits.maximumTokens)
            guard lo <= hi else { throw value.error("min \(lo) is above max \(hi)") }
            return .uniform(min: lo, max: hi)
        case "lognormal":
            let lo = try fields["min"]?.integer(minimum: 1, maximum: InputLimits.maximumTokens) ?? 1, hi = try fields["max"]?.integer(minimum: 1, maximum: InputLimits.maximumTokens) ?? 1_000_000
            guard lo <= hi else { throw value.error("min \(lo) is above max \(hi)") }
            return .lognormal(median: try required("median").positive(), sigma: try required("sigma").nonNegative(), min: lo, max: hi)
        case "quantiles":
            let pointsValue = try required("points")
            var points: [(q: Double, tokens: Double)] = []
            for p in try pointsValue.array() {
                let pair = try p.array()
                guard pair.count == 2 else { throw p.error("each point is [quantile, tokens]") }
                let q = try pair[0].double(), tokens = try pair[1].double()
                guard (0...1).contains(q), tokens >= 1 else { throw p.error("quantile must be in [0, 1] and tokens at least 1") }
                if let last = points.last, q <= last.q || tokens < last.tokens {
                    throw p.error("quantiles must increase and tokens must not fall")
                }
                points.append((q, tokens))
            }
            guard points.count >= 2, points.first!.q == 0, points.last!.q == 1 else {
                throw pointsValue.error("a quantile table needs at least two points, from quantile 0 to quantile 1")
            }
            return .quantiles(points)
        default:
            throw (fields["law"] ?? value).error("unknown law '\(law)'; expected fixed, uniform, lognormal or quantiles")
        }
    }

    static func arrivalProcess(_ value: YAMLValue, totalFromTiers: Double?,
                               resolve: (YAMLValue) throws(InputError) -> String) throws(InputError) -> (ArrivalProcess, Set<String>) {
        let fields = try value.mapping(allowed: ["process", "rate_rps", "cv", "trace", "format", "time_scale", "users", "think_seconds"])
        let process = try fields["process"]?.string() ?? "poisson"
        func rate() throws(InputError) -> Double {
            if let r = fields["rate_rps"] {
                let given = try r.positive()
                if let total = totalFromTiers, abs(given - total) > tolerance * total {
                    throw r.error("rate_rps \(given) disagrees with the tiers' rates, which sum to \(total)")
                }
                return given
            }
            guard let total = totalFromTiers else { throw value.error("process '\(process)' needs 'rate_rps' (or tiers with 'rate_rps')") }
            return total
        }
        switch process {
        case "poisson": return (.poisson(rate: try rate()), [])
        case "gamma":
            guard let cv = fields["cv"] else { throw value.error("process 'gamma' needs 'cv', the coefficient of variation of the gaps") }
            // Gamma gaps from near-periodic (cv 0.01) to bursts far past any measured trace (cv 100).
            return (.gamma(rate: try rate(), cv: try cv.positive(minimum: 0.01, maximum: 100)), [])
        case "replay":
            guard let traceValue = fields["trace"] else { throw value.error("process 'replay' needs 'trace'") }
            let format = try fields["format"].map { f throws(InputError) -> TraceFormat in
                guard let format = TraceFormat(rawValue: try f.string()) else { throw f.error("unknown trace format") }
                return format
            }
            let summary = try TraceSource.summarize(path: try resolve(traceValue), format: format)
            guard summary.source.format.hasArrivals else { throw traceValue.error("a length file has no arrival times to replay") }
            return (.replay(trace: summary.source, timeScale: try fields["time_scale"]?.positive() ?? 1), Set(summary.tiers.compactMap { $0 }))
        case "closed":
            guard let users = fields["users"] else { throw value.error("process 'closed' needs 'users', the number of concurrent clients") }
            if totalFromTiers != nil {
                throw value.error("a closed loop's rate follows from its latency; give the tiers 'share', not 'rate_rps'")
            }
            if let r = fields["rate_rps"] { throw r.error("a closed loop has no offered rate; give 'users' (and 'think_seconds'), not 'rate_rps'") }
            return (.closed(users: try users.integer(minimum: 1, maximum: InputLimits.maximumClosedLoopUsers),
                            thinkSeconds: try fields["think_seconds"]?.nonNegative() ?? 0), [])
        default:
            throw (fields["process"] ?? value).error("unknown process '\(process)'; expected poisson, gamma, replay or closed")
        }
    }
}

extension YAMLValue {
    /// Draft tokens per step, 1 to 16 (a workload's `speculative_decoding` or a sweep's axis).
    func draftTokens() throws(InputError) -> Int {
        try integer(minimum: SpeculativeDecoding.draftTokenRange.lowerBound, maximum: SpeculativeDecoding.draftTokenRange.upperBound)
    }

    /// A draft token's acceptance rate, in [0, 1) (a workload's `speculative_decoding` or a sweep's axis).
    func acceptance() throws(InputError) -> Double {
        let alpha = try double()
        guard alpha >= 0, alpha < 1 else { throw error("expected a probability in [0, 1) that a draft token is accepted; found \(alpha)") }
        return alpha
    }
}
