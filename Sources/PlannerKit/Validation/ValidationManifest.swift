import Foundation
import Profiling

/// A list of measured scenarios for `planner validate` to replay: what ran
/// (profile, engine, lengths, rate or batch) and where its measured figures
/// are (a row of a published CSV, picked by column values, or given inline).
///
/// ```yaml
/// planner-validation: 1
/// scenarios:
///   - name: vLLM 0.6 A100 Llama-3.1-8B ShareGPT 4 req/s
///     sample: calibration            # or validation: kept out of every fit
///     profile: ../profiles/a100-80gb-llama-3.1-8b-tp1.csv
///     engine: vllm-0.6               # whose fitted overheads apply
///     serving: {request_rate: 4, requests: 1200}
///     lengths: {prompt: {law: lognormal, …}, output: {…}}
///     measured: {file: ../../../shared/data/measured/serving-medians.csv,
///                where: {framework: vllm-0.6.0, request_rate_rps: 4}}
///     other_engine: {file: …, where: {framework: sglang-0.3.0, request_rate_rps: 4}}
///   - name: vLLM CI H200 batch 8 × 32/128
///     sample: validation
///     profile: ../profiles/h200-llama-3.1-8b-tp1.csv
///     engine: vllm-0.6
///     batch: {size: 8, prompt: 32, output: 128}
///     measured: {file: …/batch-latency.csv, where: {gpu: H200}}
/// ```
///
/// Paths are relative to the manifest. Measured columns read: `median_ttft_ms`,
/// `median_tpot_ms`, `p99_ttft_ms`, `p99_tpot_ms` (serving) and
/// `mean_batch_latency_ms` (batch); inline figures use the same keys.
public struct ValidationManifest: Sendable {
    public enum Sample: String, Sendable, Codable { case calibration, validation }

    public enum Kind: Sendable {
        case serving(rate: Double, requests: Int, lengths: LengthModel)
        case batch(size: Int, prompt: Int, output: Int)
    }

    public struct Scenario: Sendable {
        public var name: String
        public var sample: Sample
        public var profilePath: String
        public var engine: ServingEngine
        public var kind: Kind
        /// Figures by column name, ms; nil when the shared file is absent.
        public var measured: [String: Double]?
        public var otherEngine: [String: Double]?
        /// Why the scenario cannot run here (its measured file is absent), if so.
        public var unavailable: String?
    }

    public var scenarios: [Scenario]

    static let scenarioKeys = ["name", "sample", "profile", "engine", "serving", "batch", "lengths", "measured", "other_engine"]
    static let figureKeys = ["median_ttft_ms", "median_tpot_ms", "p99_ttft_ms", "p99_tpot_ms", "mean_batch_latency_ms"]

    public static func load(path: String) throws(InputError) -> ValidationManifest {
        let document = try YAMLValue.document(path: path, expecting: "'scenarios:'").root
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let root = try document.mapping(allowed: ["planner-validation", "scenarios"])
        if let version = root["planner-validation"], try version.string() != "1" {
            throw version.error("manifest version \(try version.string()) is not supported; this planner reads version 1")
        }
        guard let list = root["scenarios"] else { throw InputError(source: path, field: "scenarios", "missing; expected a list of scenarios") }
        func resolve(_ value: YAMLValue) throws(InputError) -> String { try value.existingFile(relativeTo: folder) }
        var scenarios: [Scenario] = []
        for item in try list.array() {
            let s = try item.mapping(allowed: scenarioKeys)
            func required(_ key: String) throws(InputError) -> YAMLValue {
                guard let v = s[key] else { throw item.error("a scenario needs '\(key)'") }
                return v
            }
            let name = try required("name").string()
            let sampleValue = try required("sample")
            guard let sample = Sample(rawValue: try sampleValue.string()) else {
                throw sampleValue.error("expected calibration or validation")
            }
            let engineValue = try required("engine")
            guard let engine = ServingEngine(rawValue: try engineValue.string()) else {
                throw engineValue.error("unknown engine; expected one of \(ServingEngine.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let kind: Kind
            switch (s["serving"], s["batch"]) {
            case let (serving?, nil):
                let f = try serving.mapping(allowed: ["request_rate", "requests"])
                guard let rate = f["request_rate"], let requests = f["requests"] else { throw serving.error("needs 'request_rate' and 'requests'") }
                guard let lengths = s["lengths"] else { throw item.error("a serving scenario needs 'lengths'") }
                kind = .serving(rate: try rate.positive(maximum: 1e6), requests: try requests.integer(minimum: 1, maximum: 10_000_000),
                                lengths: try WorkloadLoader.lengthModel(lengths, resolve: resolve))
            case let (nil, batch?):
                let f = try batch.mapping(allowed: ["size", "prompt", "output"])
                guard let size = f["size"], let prompt = f["prompt"], let output = f["output"] else { throw batch.error("needs 'size', 'prompt' and 'output'") }
                kind = .batch(size: try size.integer(minimum: 1, maximum: 100_000), prompt: try prompt.integer(minimum: 1, maximum: InputLimits.maximumTokens),
                              output: try output.integer(minimum: 1, maximum: InputLimits.maximumTokens))
            default:
                throw item.error("a scenario is either 'serving' (with 'lengths') or 'batch', exactly one")
            }
            var unavailable: String?
            func figures(_ value: YAMLValue) throws(InputError) -> [String: Double]? {
                let f = try value.mapping(allowed: ["file", "where"] + figureKeys)
                guard let file = f["file"] else {
                    var out: [String: Double] = [:]
                    for key in figureKeys { if let v = f[key] { out[key] = try v.positive(maximum: 1e7) } }
                    guard !out.isEmpty else { throw value.error("give 'file' and 'where', or figures: \(figureKeys.joined(separator: ", "))") }
                    return out
                }
                let csv = try file.path(relativeTo: folder)
                guard FileManager.default.fileExists(atPath: csv) else {
                    unavailable = "\(csv) is absent"
                    return nil
                }
                guard let whereValue = f["where"] else { throw value.error("'file' needs 'where': the column values that pick one row") }
                var selector: [(String, String)] = []
                for (k, v) in try whereValue.entries() { selector.append((k, try v.string())) }
                return try row(in: csv, matching: selector, at: whereValue)
            }
            let measured = try figures(try required("measured"))
            let other = try s["other_engine"].flatMap { v throws(InputError) in try figures(v) }
            scenarios.append(Scenario(name: name, sample: sample, profilePath: try resolve(try required("profile")), engine: engine,
                                      kind: kind, measured: measured, otherEngine: other, unavailable: unavailable))
        }
        return ValidationManifest(scenarios: scenarios)
    }

    /// The one row of `csv` whose columns equal `selector` (numbers compared as
    /// numbers), as its figure columns.
    static func row(in csv: String, matching selector: [(String, String)], at value: YAMLValue) throws(InputError) -> [String: Double] {
        var records = try CSVRecords(path: csv, required: selector.map(\.0), allowOthers: true)
        var found: [[String: Double]] = []
        while let r = records.next() {
            var matches = true
            for (column, wanted) in selector {
                let cell = try r.string(column)
                let equal = if let a = Double(cell), let b = Double(wanted) { a == b } else { cell == wanted }
                if !equal { matches = false; break }
            }
            guard matches else { continue }
            var figures: [String: Double] = [:]
            for key in figureKeys {
                guard let v = try? r.double(key) else { continue }  // no such column, or an empty cell: no figure
                // As inline figures are: a measured latency of zero or less is a broken row, not an error of −100 %.
                guard v > 0 else { throw InputError(source: csv, line: r.line, field: key, "\(v) is not a measured latency; expected a positive number of milliseconds") }
                figures[key] = v
            }
            found.append(figures)
        }
        let description = selector.map { "\($0.0) = \($0.1)" }.joined(separator: ", ")
        guard found.count == 1 else { throw value.error("\(found.count) rows of \(csv) have \(description); expected exactly one") }
        guard !found[0].isEmpty else { throw value.error("the row of \(csv) with \(description) has none of \(figureKeys.joined(separator: ", "))") }
        return found[0]
    }
}
