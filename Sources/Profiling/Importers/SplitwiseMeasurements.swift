/// splitwise-sim's `perf_model.csv`: median prefill and decode times per configuration.
///
/// Each configuration (model, hardware, TP, prompt size, batch size, token size)
/// was measured several times (five in the published file); the median of the
/// repeats is kept for `prompt_time` and `token_time` separately.
public struct SplitwiseMeasurement: Sendable, Equatable {
    public var model: String
    public var hardware: String
    public var tensorParallel: Int
    public var promptSize: Int
    public var batchSize: Int
    public var tokenSize: Int
    /// Prefill of the whole batch, ms (median of repeats).
    public var promptMs: Double
    /// Mean decode iteration at this batch, ms (median of repeats).
    public var tokenMs: Double
    public var repeats: Int

    /// The prefill row as an iteration: `promptSize · batchSize` tokens in one
    /// batch, with that many KV tokens resident by its end, and each prompt's
    /// `P(P+1)/2` causal attention pairs.
    public var prefillPoint: (tokenBatch: Double, kvTokens: Double, prefillPairs: Double, ms: Double) {
        let tokens = Double(promptSize * batchSize)
        let p = Double(promptSize)
        return (tokens, tokens, Double(batchSize) * p * (p + 1) / 2, promptMs)
    }

    /// The decode row as an iteration: one token per request, each request
    /// holding its prompt plus half its output on average over the decode phase.
    public var decodePoint: (tokenBatch: Double, kvTokens: Double, ms: Double) {
        (Double(batchSize), Double(batchSize) * (Double(promptSize) + Double(tokenSize) / 2), tokenMs)
    }
}

extension SplitwiseMeasurement {
    static let columns = ["model", "hardware", "prompt_size", "batch_size", "token_size", "prompt_time", "token_time", "tensor_parallel"]

    /// Reads the file and returns one measurement per configuration, in file order.
    public static func load(path: String) throws(InputError) -> [SplitwiseMeasurement] {
        var records = try CSVRecords(path: path, required: columns, allowOthers: true)
        struct Key: Hashable { var model, hardware: String; var tp, prompt, batch, tokens: Int }
        var order: [Key] = []
        var samples: [Key: (prompt: [Double], token: [Double])] = [:]
        while let r = records.next() {
            let key = Key(model: try r.string("model"), hardware: try r.string("hardware"), tp: try r.count("tensor_parallel"),
                          prompt: try r.count("prompt_size"), batch: try r.count("batch_size"), tokens: try r.count("token_size"))
            let prompt = try r.nonNegative("prompt_time"), token = try r.nonNegative("token_time")
            if samples[key] == nil { order.append(key) }
            samples[key, default: ([], [])].prompt.append(prompt)
            samples[key, default: ([], [])].token.append(token)
        }
        if order.isEmpty { throw InputError(source: path, "the file has a header but no measurements") }
        return order.map { key in
            let s = samples[key]!
            return SplitwiseMeasurement(model: key.model, hardware: key.hardware, tensorParallel: key.tp, promptSize: key.prompt,
                                        batchSize: key.batch, tokenSize: key.tokens, promptMs: median(s.prompt),
                                        tokenMs: median(s.token), repeats: s.prompt.count)
        }
    }
}

extension [SplitwiseMeasurement] {
    /// The rows whose prefill took less time than the same configuration at
    /// half the batch: physically impossible (twice the tokens in less time),
    /// a failed run. In the published file these are llama2-70b at TP 2 with
    /// batch 64 on both platforms (794 ms after 6,633 ms at batch 32 on A100).
    public var impossiblePrefills: Set<Int> {
        var byKey: [String: Double] = [:]
        for r in self { byKey["\(r.model)|\(r.hardware)|\(r.tensorParallel)|\(r.promptSize)|\(r.batchSize)|\(r.tokenSize)"] = r.promptMs }
        return Set(indices.filter { i in
            let r = self[i]
            guard r.batchSize > 1, let half = byKey["\(r.model)|\(r.hardware)|\(r.tensorParallel)|\(r.promptSize)|\(r.batchSize / 2)|\(r.tokenSize)"] else { return false }
            return r.promptMs < half
        })
    }
}

/// Median (mean of the middle two for an even count); NaN for no values.
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
