extension IterationTable {
    /// Relative decrease tolerated between neighbouring grid points before the
    /// table is called non-monotone: measured repeats scatter by a few percent.
    public static let monotonicityTolerance = 0.05

    /// A grid point where iteration time falls by more than measurement noise.
    public struct Violation: Sendable, Equatable {
        public var kvIndex: Int
        public var batchIndex: Int
        public var message: String
    }

    /// Grid points where iteration time falls by more than measurement noise as
    /// the batch or the KV grows.
    public func monotonicityViolations(tolerance: Double = monotonicityTolerance) -> [Violation] {
        var findings: [Violation] = []
        let w = tokenBatches.count
        for k in kvTokens.indices {
            for b in tokenBatches.indices {
                let value = values[k * w + b]
                if b > 0, value < values[k * w + b - 1] * (1 - tolerance) {
                    findings.append(Violation(kvIndex: k, batchIndex: b, message: "iteration time falls from \(values[k * w + b - 1]) to \(value) ms as token_batch grows to \(tokenBatches[b]) at kv_tokens \(kvTokens[k])"))
                }
                if k > 0, value < values[(k - 1) * w + b] * (1 - tolerance) {
                    findings.append(Violation(kvIndex: k, batchIndex: b, message: "iteration time falls from \(values[(k - 1) * w + b]) to \(value) ms as kv_tokens grows to \(kvTokens[k]) at token_batch \(tokenBatches[b])"))
                }
            }
        }
        return findings
    }

    /// Checks the structural invariants; tests call this after every construction.
    public func _checkInvariants() {
        precondition(tokenBatches.count >= 2 && kvTokens.count >= 2)
        precondition(values.count == tokenBatches.count * kvTokens.count && envelope.count == values.count)
        for i in envelope.indices { precondition(envelope[i] >= values[i]) }
        let w = tokenBatches.count
        for k in kvTokens.indices {
            for b in 1..<w { precondition(envelope[k * w + b] >= envelope[k * w + b - 1]) }
        }
    }
}
