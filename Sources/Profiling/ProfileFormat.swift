import Foundation

/// The canonical profile file: `# key: value` metadata lines, then a CSV table
/// `token_batch,kv_tokens,iteration_ms` with one row per grid point, KV-major.
///
/// ```
/// # planner-profile: 1
/// # name: h200-llama-3.1-8b-tp1
/// # gpu: H200
/// # gpus_per_instance: 1
/// # model: Llama-3.1-8B
/// # tensor_parallel: 1
/// # kv_capacity_tokens: 1009152
/// # price_per_gpu_hour: 3.79
/// # provenance: roofline …
/// # prefill_attention_ms_per_mpair: 0.039
/// token_batch,kv_tokens,iteration_ms
/// 1,0,5.9
/// ```
///
/// Numbers are written in their shortest exact decimal form, so reading a file
/// and writing it again reproduces it byte for byte.
public enum ProfileFormat {
    public static let version = "1"
    static let metadataKeys = ["planner-profile", "name", "gpu", "gpus_per_instance", "model", "tensor_parallel",
                               "kv_capacity_tokens", "price_per_gpu_hour", "provenance",
                               "prefill_attention_ms_per_mpair", "iteration_overhead_ms", "sequence_overhead_ms", "request_overhead_ms", "max_running_requests", "scheduler_lookahead", "latency_band", "precision", "parallelism"]
    /// Engine and attention terms: optional, 0 when absent (files from before
    /// them load unchanged), written only when not 0 so such files round-trip.
    static var optionalTerms: [(key: String, path: WritableKeyPath<ProfileMetadata, Double>, range: ClosedRange<Double>)] { [
        ("prefill_attention_ms_per_mpair", \.prefillAttentionMsPerMillionPairs, 0...1_000_000),
        ("iteration_overhead_ms", \.iterationOverheadMs, 0...10_000),
        ("sequence_overhead_ms", \.sequenceOverheadMs, 0...1_000),
        ("request_overhead_ms", \.requestOverheadMs, 0...60_000),
    ] }

    public static func encode(_ profile: LatencyProfile) -> String {
        let m = profile.metadata
        var out = "# planner-profile: \(version)\n"
        out += "# name: \(m.name)\n# gpu: \(m.gpu)\n# gpus_per_instance: \(m.gpusPerInstance)\n"
        out += "# model: \(m.model)\n# tensor_parallel: \(m.tensorParallel)\n"
        out += "# kv_capacity_tokens: \(m.kvCapacityTokens)\n# price_per_gpu_hour: \(number(m.pricePerGPUHour))\n"
        out += "# provenance: \(m.provenance.replacingOccurrences(of: "\n", with: " "))\n"
        for term in optionalTerms where m[keyPath: term.path] != 0 { out += "# \(term.key): \(number(m[keyPath: term.path]))\n" }
        if let cap = m.maxRunningRequests { out += "# max_running_requests: \(cap)\n" }
        if m.schedulerLookahead != 0 { out += "# scheduler_lookahead: \(m.schedulerLookahead)\n" }
        if let band = m.latencyBand { out += "# latency_band: \(number(band))\n" }
        if !m.precision.isDefault { out += "# precision: \(m.precision)\n" }
        if !m.layout.isTensor { out += "# parallelism: \(m.layout)\n" }
        out += "token_batch,kv_tokens,iteration_ms\n"
        let t = profile.table
        for (k, kv) in t.kvTokens.enumerated() {
            for (b, batch) in t.tokenBatches.enumerated() {
                out += "\(number(batch)),\(number(kv)),\(number(t.values[k * t.tokenBatches.count + b]))\n"
            }
        }
        return out
    }

    /// Shortest decimal that reads back to the same `Double`; integers without `.0`.
    public static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    public static func read(path: String) throws(InputError) -> LatencyProfile {
        let data = try InputError.contents(of: path)
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(source: path, "not UTF-8 text") }
        return try decode(text, source: path)
    }

    /// Writes atomically to a new path or over an earlier profile file; anything else is refused (``OwnedFile``).
    public static func write(_ profile: LatencyProfile, to path: String) throws(InputError) {
        try OwnedFile.checkReplaceable(path, seal: .hashComment)
        do { try FileSeal.hashComment.sealed(encode(profile)).write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw InputError(source: path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// The grid's ranges: tokens in one iteration, KV tokens (as `kv_capacity_tokens`), milliseconds of one iteration.
    public static let maximumTokenBatch = 1e8
    public static let maximumKVTokens = 1e12
    public static let maximumIterationMs = 1e7

    public static func decode(_ text: String, source: String) throws(InputError) -> LatencyProfile {
        var meta: [String: (value: String, line: Int)] = [:]
        // "\r\n" is one Character, so splitting on "\n" alone would leave a Windows file one line.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        // The seal the planner ends its files with is not data (a file without one reads the same).
        if let last = lines.lastIndex(where: { !$0.isEmpty }), FileSeal.hashComment.isSealLine(lines[last]) { lines.removeSubrange(last...) }
        var lineNumber = 0
        while let first = lines.first, first.hasPrefix("#") {
            lineNumber += 1
            lines.removeFirst()
            let body = first.dropFirst().trimmingCharacters(in: .whitespaces)
            guard let colon = body.firstIndex(of: ":") else {
                throw InputError(source: source, line: lineNumber, "metadata lines read '# key: value'")
            }
            let key = String(body[..<colon]).trimmingCharacters(in: .whitespaces)
            guard metadataKeys.contains(key) else {
                throw InputError(source: source, line: lineNumber, field: key, "unknown metadata key; expected one of \(metadataKeys.joined(separator: ", "))")
            }
            guard meta[key] == nil else { throw InputError(source: source, line: lineNumber, field: key, "given twice") }
            meta[key] = (String(body[body.index(after: colon)...]).trimmingCharacters(in: .whitespaces), lineNumber)
        }
        func value(_ key: String) throws(InputError) -> (String, Int) {
            guard let entry = meta[key] else { throw InputError(source: source, field: key, "missing metadata line '# \(key): …'") }
            if ["name", "gpu", "model"].contains(key), entry.0.isEmpty {
                throw InputError(source: source, line: entry.1, field: key, "is empty; expected a name")
            }
            return entry
        }
        func integer(_ key: String, minimum: Int, maximum: Int) throws(InputError) -> Int {
            let (text, line) = try value(key)
            guard let v = Int(text), v >= minimum, v <= maximum else {
                throw InputError(source: source, line: line, field: key, "'\(text)' is not a whole number from \(minimum) to \(maximum)")
            }
            return v
        }
        let (priceText, priceLine) = try value("price_per_gpu_hour")
        guard let price = Double(priceText), price.isFinite, price >= 0, price <= 10_000 else {
            throw InputError(source: source, line: priceLine, field: "price_per_gpu_hour", "'\(priceText)' is not a price from 0 to 10000 dollars per GPU-hour")
        }
        let gpusPerInstance = try integer("gpus_per_instance", minimum: 1, maximum: 4096)
        let tensorParallel = try integer("tensor_parallel", minimum: 1, maximum: 4096)
        // GPUs per instance = tensor parallelism × pipeline stages; the format has no stage count, so it must divide.
        guard gpusPerInstance % tensorParallel == 0 else {
            throw InputError(source: source, line: try value("gpus_per_instance").1, field: "gpus_per_instance",
                             "\(gpusPerInstance) GPUs per instance is not a whole number of tensor-parallel groups of \(tensorParallel)")
        }
        if let v = meta["planner-profile"], v.value != version {
            throw InputError(source: source, line: v.line, field: "planner-profile", "format version \(v.value) is not supported; this planner reads version \(version)")
        }
        var metadata = ProfileMetadata(
            name: try value("name").0, gpu: try value("gpu").0, gpusPerInstance: gpusPerInstance,
            model: try value("model").0, tensorParallel: tensorParallel,
            kvCapacityTokens: try integer("kv_capacity_tokens", minimum: 1, maximum: 1_000_000_000_000), pricePerGPUHour: price,
            provenance: try value("provenance").0)
        for term in optionalTerms {
            guard let (text, line) = meta[term.key] else { continue }
            guard let v = Double(text), v.isFinite, term.range.contains(v) else {
                throw InputError(source: source, line: line, field: term.key,
                                 "'\(text)' is not a number from \(number(term.range.lowerBound)) to \(number(term.range.upperBound))")
            }
            metadata[keyPath: term.path] = v
        }
        if meta["max_running_requests"] != nil { metadata.maxRunningRequests = try integer("max_running_requests", minimum: 1, maximum: 1_000_000) }
        if meta["scheduler_lookahead"] != nil { metadata.schedulerLookahead = try integer("scheduler_lookahead", minimum: 0, maximum: 1) }
        if let (text, line) = meta["latency_band"] {
            guard let v = Double(text), v.isFinite, v > 0, v < 1 else {
                throw InputError(source: source, line: line, field: "latency_band", "'\(text)' is not a fraction between 0 and 1 (0.15 is ±15 %)")
            }
            metadata.latencyBand = v
        }
        if let (text, line) = meta["precision"] {
            guard let precision = Precision(recorded: text) else {
                throw InputError(source: source, line: line, field: "precision",
                                 "'\(text)' is not 'weights F, kv K' with F one of \(NumberFormat.allCases.map(\.rawValue).joined(separator: ", ")) and K one of \(Precision.kvFormats.map(\.rawValue).joined(separator: ", "))")
            }
            metadata.precision = precision
        }
        if let (text, line) = meta["parallelism"] {
            guard let layout = ParallelLayout(recorded: text) else {
                throw InputError(source: source, line: line, field: "parallelism",
                                 "'\(text)' is not 'attention tensor-parallel|data-parallel, experts tensor-parallel|expert-parallel'")
            }
            metadata.layout = layout
        }

        var records = try CSVRecords(text: lines.joined(separator: "\n"), source: source, firstLine: lineNumber + 1,
                                     required: ["token_batch", "kv_tokens", "iteration_ms"])
        var points: [Double: [Double: (ms: Double, line: Int)]] = [:]
        var batches = Set<Double>(), kvs = Set<Double>()
        while let record = records.next() {
            guard record.fields.count == 3 else {
                throw InputError(source: source, line: record.line, "expected 3 fields (token_batch, kv_tokens, iteration_ms); found \(record.fields.count)")
            }
            let b = try record.nonNegative("token_batch"), k = try record.nonNegative("kv_tokens")
            let ms = try record.double("iteration_ms")
            guard ms > 0 else { throw InputError(source: source, line: record.line, field: "iteration_ms", "\(ms) must be positive") }
            // Far past any engine, and small enough that the planner's sums and GLPK's coefficients stay finite.
            guard b <= Self.maximumTokenBatch else {
                throw InputError(source: source, line: record.line, field: "token_batch", "\(number(b)) is above \(number(Self.maximumTokenBatch)) tokens in one iteration")
            }
            guard k <= Self.maximumKVTokens else {
                throw InputError(source: source, line: record.line, field: "kv_tokens", "\(number(k)) is above \(number(Self.maximumKVTokens)) tokens of KV cache")
            }
            guard ms <= Self.maximumIterationMs else {
                throw InputError(source: source, line: record.line, field: "iteration_ms", "\(number(ms)) is above \(number(Self.maximumIterationMs)) ms (about 3 hours) for one iteration")
            }
            if points[k]?[b] != nil {
                throw InputError(source: source, line: record.line, "duplicate grid point token_batch \(number(b)), kv_tokens \(number(k))")
            }
            points[k, default: [:]][b] = (ms, record.line)
            batches.insert(b); kvs.insert(k)
        }
        let batchAxis = batches.sorted(), kvAxis = kvs.sorted()
        var values: [Double] = []
        values.reserveCapacity(batchAxis.count * kvAxis.count)
        for k in kvAxis {
            for b in batchAxis {
                guard let v = points[k]?[b] else {
                    throw InputError(source: source, "the grid is incomplete: no row for token_batch \(number(b)), kv_tokens \(number(k))")
                }
                values.append(v.ms)
            }
        }
        let table = try IterationTable(tokenBatches: batchAxis, kvTokens: kvAxis, values: values, source: source)
        if let bad = table.monotonicityViolations().first {
            let line = points[kvAxis[bad.kvIndex]]?[batchAxis[bad.batchIndex]]?.line
            throw InputError(source: source, line: line, field: "iteration_ms", bad.message + " (more than \(Int(IterationTable.monotonicityTolerance * 100)) % measurement noise)")
        }
        return LatencyProfile(metadata: metadata, table: table)
    }
}
