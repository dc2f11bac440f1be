import Foundation
import Profiling

/// The request files the planner reads.
public enum TraceFormat: String, Sendable, CaseIterable, Codable {
    /// Azure LLM inference trace 2023: `TIMESTAMP` (wall clock), `ContextTokens`, `GeneratedTokens`.
    case azure
    /// Mooncake JSONL: `timestamp` (ms from start), `input_length`, `output_length`, `hash_ids`.
    case mooncake
    /// vidur / sarathi-serve length statistics: `num_prefill_tokens`, `num_decode_tokens` (no arrivals).
    case lengths
    /// `arrival_s`, `prompt_tokens`, `output_tokens`, optional `tier`.
    case generic

    /// Whether the format carries arrival times.
    public var hasArrivals: Bool { self != .lengths }

    /// Recognises a file by its first line.
    public static func detect(path: String) throws(InputError) -> TraceFormat {
        let reader = try LineReader(path: path)
        guard let first = reader.next()?.trimmingCharacters(in: .whitespacesAndNewlines), !first.isEmpty else {
            throw InputError(source: path, line: 1, "the file is empty; expected a trace")
        }
        if first.hasPrefix("{") { return .mooncake }
        let columns = Set(first.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        if columns.contains("TIMESTAMP") { return .azure }
        if columns.contains("num_prefill_tokens") { return .lengths }
        if columns.contains("arrival_s") { return .generic }
        throw InputError(source: path, line: 1, "unrecognised header '\(InputError.printable(first))'; expected an Azure (TIMESTAMP,ContextTokens,GeneratedTokens), Mooncake JSONL, length-statistics (num_prefill_tokens,num_decode_tokens) or generic (arrival_s,prompt_tokens,output_tokens[,tier]) file")
    }
}

/// One request read from a trace.
public struct TraceRecord: Sendable, Equatable {
    /// Seconds from the trace's first request; `nil` in length files.
    public var arrival: Double?
    public var prompt: Int
    public var output: Int
    /// The tier named by a `tier` column, if any.
    public var tier: String?
    /// Number of 512-token prompt blocks (Mooncake's `hash_ids`).
    public var promptBlocks: Int?
    /// Mooncake's `hash_ids`: one key per 512-token block of the prompt, equal
    /// keys for equal prefixes (``PrefixTable``); `nil` in other formats.
    public var blockKeys: [UInt64]? = nil

    /// Tokens of one of Mooncake's hash blocks.
    public static let mooncakeBlockTokens = 512
}
