import Foundation

/// `name` as a single, safe path component for a report folder: ASCII
/// letters, digits, `.`, `_` and `-` kept, anything else `-`, no leading dot
/// or dash (so never `.`, `..` or hidden), at most 100 characters;
/// `fallback` when nothing is left.
func safePathComponent(_ name: String, fallback: String) -> String {
    let kept = name.unicodeScalars.map { c -> Character in
        CharacterSet.alphanumerics.contains(c) && c.isASCII || "._-".unicodeScalars.contains(c) ? Character(c) : "-"
    }
    let trimmed = String(kept).drop { $0 == "." || $0 == "-" }
    return trimmed.isEmpty ? fallback : String(trimmed.prefix(100))
}
