/// The token batch of PolyServe's steady-state projection (admission (c) and load).
public enum SteadyBatch: String, Sendable, Codable, CaseIterable {
    /// One decode token per resident plus its prompt spread over its expected
    /// output, `(prompt + expected) / expected`: the prefill work that keeps
    /// the residents turning over. The first version's refinement; it refuses
    /// requests whose prompts dwarf their outputs long before their deadlines
    /// are at risk (docs/policy-suite.md).
    case amortisedPrefill = "amortised-prefill"
    /// One decode token per resident, prefill left to dynamic chunking and to
    /// the TTFT test (the plain reading of the admission test's "every resident grown
    /// to its expected final length", docs/concepts.md); the default.
    case decodeOnly = "decode-only"
}
