import Foundation

/// The stable JSON shape documented in docs/plan.md: sorted keys, snake_case.
/// Missing values are optionals and encode as `null` or are left out; a
/// non-finite number is a bug upstream, so it fails the encoding instead of
/// reaching a reader as a string.
public enum JSONOutput {
    public static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
