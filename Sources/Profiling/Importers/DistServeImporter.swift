import Foundation

/// Turns DistServe's fitted latency coefficients into a profile.
///
/// DistServe fits, per model and TP, prefill time `a + b·Σtokens + c·Σlen²`
/// and decode time `a + b·Σcontext + c·batch`, with separate decode
/// coefficients below and above a batch-size threshold (95 in the published
/// files). A token batch of `b` tokens at `k` resident KV tokens becomes
/// `max(decode_small(b, k), prefill_a + prefill_b · b + decode_b · k)`: the
/// larger of a small decode batch and a prefill chunk of `b` tokens reading the
/// same KV. The large-batch decode fit is not used: its per-request cost
/// (0.16 ms for OPT-13B) would price a 1,024-token prefill chunk as 1,024
/// decodes, and in a chunked-prefill iteration most of a large token batch is
/// prefill.
/// The quadratic prefill term becomes the profile's prefill attention: a
/// prompt of `len` tokens has `len(len+1)/2 ≈ len²/2` (query, context) pairs,
/// so `c · len²` is `2c` ms per pair.
public enum DistServeImporter {
    public struct Coefficients: Sendable, Equatable {
        public var threshold: Double
        public var prefill: [Double]
        public var decodeSmall: [Double]

        public func iterationMs(tokenBatch b: Double, kvTokens k: Double) -> Double {
            let d = decodeSmall
            let decode = d[0] + d[1] * k + d[2] * b
            let prefill = prefill[0] + prefill[1] * b + d[1] * k
            return max(decode, prefill)
        }
    }

    /// Reads the JSON file: `{ model: { tp: { prefill, decoding_smallbs, decoding_largebs, decoding_large_small_bs_threshold } } }`.
    public static func coefficients(path: String) throws(InputError) -> [String: [Int: Coefficients]] {
        let data = try InputError.contents(of: path)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw InputError(source: path, "not valid JSON: \(error.localizedDescription)")
        }
        guard let models = object as? [String: Any] else { throw InputError(source: path, "expected a JSON object keyed by model name") }
        var out: [String: [Int: Coefficients]] = [:]
        for (model, byTP) in models {
            guard let byTP = byTP as? [String: Any] else { throw InputError(source: path, field: model, "expected an object keyed by tensor-parallel degree") }
            for (tpText, entry) in byTP {
                let field = "\(model).\(tpText)"
                guard let tp = Int(tpText), tp >= 1 else { throw InputError(source: path, field: field, "'\(tpText)' is not a tensor-parallel degree") }
                guard let entry = entry as? [String: Any] else { throw InputError(source: path, field: field, "expected an object") }
                func triple(_ key: String) throws(InputError) -> [Double] {
                    guard let array = entry[key] as? [Any], array.count == 3 else {
                        throw InputError(source: path, field: "\(field).\(key)", "expected an array of 3 coefficients")
                    }
                    var numbers: [Double] = []
                    for x in array {
                        guard let n = (x as? NSNumber)?.doubleValue, n.isFinite else {
                            throw InputError(source: path, field: "\(field).\(key)", "coefficient '\(x)' is not a number")
                        }
                        numbers.append(n)
                    }
                    return numbers
                }
                let threshold = (entry["decoding_large_small_bs_threshold"] as? NSNumber)?.doubleValue ?? 95
                _ = try triple("decoding_largebs")  // checked for a well-formed file, not used (see above)
                out[model, default: [:]][tp] = Coefficients(threshold: threshold, prefill: try triple("prefill"),
                                                            decodeSmall: try triple("decoding_smallbs"))
            }
        }
        return out
    }

    /// Reads DistServe's `max_num_tokens.csv`: KV capacity per model and TP (pipeline degree 1).
    public static func kvCapacity(path: String, model: String, tensorParallel: Int) throws(InputError) -> Int? {
        var records = try CSVRecords(path: path, required: ["model", "tp", "pp", "max_num_tokens"])
        while let r = records.next() {
            if try r.string("model") == model, try r.count("tp") == tensorParallel, try r.count("pp") == 1 {
                return try r.count("max_num_tokens")
            }
        }
        return nil
    }

    public static func importProfile(path: String, model: String, tensorParallel: Int, gpu: String = "A100-80GB",
                                     kvCapacityTokens: Int? = nil, pricePerGPUHour: Double? = nil) throws(InputError) -> LatencyProfile {
        let all = try coefficients(path: path)
        guard let c = all[model]?[tensorParallel] else {
            let available = all.flatMap { m, tps in tps.keys.map { "--model \(m) --tp \($0)" } }.sorted()
            throw InputError(source: path, "no coefficients for model \(model), TP \(tensorParallel); available: \(available.joined(separator: "; "))")
        }
        var capacity = kvCapacityTokens
        if capacity == nil {
            let sibling = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("max_num_tokens.csv").path
            if FileManager.default.fileExists(atPath: sibling) {
                capacity = try kvCapacity(path: sibling, model: model, tensorParallel: tensorParallel)
            }
        }
        guard let capacity, capacity > 0 else {
            throw InputError(source: path, "no KV capacity for \(model) at TP \(tensorParallel): put max_num_tokens.csv beside the file or pass --kv-capacity")
        }
        let batches: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]
        let kvAxis = kvGrid(capacity: capacity)
        var values: [Double] = []
        for k in kvAxis { for b in batches { values.append(c.iterationMs(tokenBatch: b, kvTokens: k)) } }
        let table = try IterationTable(tokenBatches: batches, kvTokens: kvAxis, values: values, source: path)
        let spec = GPUSpec.named(gpu)
        let metadata = ProfileMetadata(
            name: "\(model.split(separator: "/").last ?? "")-\(spec?.name ?? gpu)-tp\(tensorParallel)-distserve", gpu: spec?.name ?? gpu,
            gpusPerInstance: tensorParallel, model: ModelArchitecture.named(model)?.name ?? model, tensorParallel: tensorParallel,
            kvCapacityTokens: capacity, pricePerGPUHour: pricePerGPUHour ?? spec?.pricePerHour ?? 0,
            provenance: "DistServe fitted coefficients \(URL(fileURLWithPath: path).lastPathComponent), max(decode, prefill-chunk) per grid point, prefill attention 2c",
            prefillAttentionMsPerMillionPairs: max(0, 2 * c.prefill[2] * 1e6))
        return LatencyProfile(metadata: metadata, table: table)
    }
}
