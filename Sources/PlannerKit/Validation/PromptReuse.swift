/// What an engine's prefix cache serves of a measured serving run's prompts
/// when the run is replayed.
///
/// Every run of the vLLM 0.15 corpus ran with automatic prefix caching on,
/// and its client, inference-perf's `shared_prefix` generator, builds a fixed
/// pool of prompts once (each system prompt followed by one question per
/// user) and cycles through that pool. Which of those blocks the replay lets
/// the engine find in its cache decides how much prefill every request costs
/// (docs/validation.md, "What the replay caches").
public enum PromptReuse: String, Sendable, Codable, CaseIterable {
    /// No prefix caching: every prompt prefilled whole.
    case none
    /// Only the shared system prompts are cached; each question is prefilled
    /// as if it were new.
    case systemPrompts = "system"
    /// The whole prompt is cached once its user has sent it: the pool of
    /// `system prompts × users per prompt` prompts recurs, as inference-perf
    /// sends it. Only the prompt's last partial block is prefilled.
    case wholePrompts = "whole"

    /// Whether the replayed engine caches prefixes at all.
    public var cachesPrefixes: Bool { self != .none }
}
