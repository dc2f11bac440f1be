/// The time of a static batch under an engine's offline schedule, in closed form.
///
/// The schedule: the prompts are prefilled whole, as many a step as fit in
/// the engine's offline token budget (a prompt longer than the budget takes
/// several steps), each prompt's last step producing its first token; then
/// `length − 1` decode steps of the whole batch, each reading the KV grown
/// one token a request. This is what the simulator does with one instance,
/// the same budget and all requests arriving at once (a test compares them);
/// the closed form is what makes fitting over thousands of runs cheap. The
/// decode steps are summed exactly: a step's time is linear in its KV, so
/// their sum is the number of steps times the step at the mean KV.
public enum StaticBatchEstimate {
    /// Why a run is outside what the closed form covers.
    public enum Exclusion: String, Sendable, Codable {
        /// The batch's KV outgrows the cache: the engine preempts and
        /// recomputes, which the closed form does not model.
        case exceedsKVCache = "batch exceeds the KV cache"
        /// The weights do not fit the GPUs.
        case doesNotFit = "weights do not fit"
        /// TP does not divide the model's heads.
        case badParallelism = "TP does not divide the heads"
        case unknownGPU = "GPU not in the catalogue"
        case unknownModel = "model not in the catalogue"
    }

    /// The roofline of a run under `parameters`, or why there is none.
    public static func roofline(_ run: StaticBatchRun, parameters: RooflineParameters) -> Result<RooflineModel, ExclusionError> {
        guard let gpu = GPUSpec.named(run.gpu) else { return .failure(.init(.unknownGPU)) }
        guard let model = ModelArchitecture.named(run.model) else { return .failure(.init(.unknownModel)) }
        guard model.attentionHeads % run.tensorParallel == 0, model.kvHeads % run.tensorParallel == 0 else { return .failure(.init(.badParallelism)) }
        let r = RooflineModel(model: model, gpu: gpu, tensorParallel: run.tensorParallel, parameters: parameters)
        let capacity = r.kvCapacityTokens()
        guard capacity > 0 else { return .failure(.init(.doesNotFit)) }
        guard run.batch * 2 * run.length <= capacity else { return .failure(.init(.exceedsKVCache)) }
        return .success(r)
    }

    public struct ExclusionError: Error, Sendable {
        public var reason: Exclusion
        init(_ reason: Exclusion) { self.reason = reason }
    }

    /// Milliseconds from submission to the last token. O(batch · length / budget).
    public static func latencyMs(_ run: StaticBatchRun, roofline r: RooflineModel, iterationOverheadMs: Double, sequenceOverheadMs: Double = 0) -> Double {
        let budget = run.engine.offlineTokenBudget
        let length = Double(run.length)
        var total = 0.0
        var kv = 0.0
        if run.length <= budget {
            let perStep = budget / run.length
            var done = 0
            while done < run.batch {
                let n = Double(min(perStep, run.batch - done))
                let tokens = n * length
                total += r.iterationMs(tokenBatch: tokens, kvTokens: kv, prefillPairs: n * length * (length + 1) / 2) + iterationOverheadMs + n * sequenceOverheadMs
                kv += tokens
                done += Int(n)
            }
        } else {
            for _ in 0..<run.batch {
                var prefilled = 0.0
                while prefilled < length {
                    let chunk = min(Double(budget), length - prefilled)
                    total += r.iterationMs(tokenBatch: chunk, kvTokens: kv, prefillPairs: chunk * (prefilled + (chunk + 1) / 2)) + iterationOverheadMs + sequenceOverheadMs
                    prefilled += chunk
                    kv += chunk
                }
            }
        }
        let steps = length - 1
        guard steps > 0 else { return total }
        let batch = Double(run.batch)
        let meanKV = batch * length + batch * (steps - 1) / 2 + batch
        return total + steps * (r.iterationMs(tokenBatch: batch, kvTokens: meanKV) + iterationOverheadMs + batch * sequenceOverheadMs)
    }
}
