import Crypto
import Foundation

/// The last line the planner writes into a single file it owns (a profile, a
/// band table, an LP model): the SHA-256 of every byte before that line, in
/// the file's comment syntax.
///
/// A file is the planner's to replace only while its seal matches its
/// contents, so a first line copied into a user's file, a forged seal, or an
/// edit made since the planner wrote it all leave the file alone. A copy of an
/// unchanged planner file stays replaceable: it holds nothing the planner
/// cannot write again.
public struct FileSeal: Sendable, Equatable {
    /// Text before and after the seal, in the file's comment syntax.
    public var open: String
    public var close: String

    /// `# planner-seal: sha256 …` (profiles, band tables).
    public static let hashComment = FileSeal(open: "# ", close: "")
    /// `\* planner-seal: sha256 … *\` (CPLEX LP files).
    public static let lpComment = FileSeal(open: "\\* ", close: " *\\")

    static let keyword = "planner-seal: sha256 "

    /// `text` (ended with a newline if it was not) followed by its seal line.
    public func sealed(_ text: String) -> String {
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return body + line(over: Data(body.utf8)) + "\n"
    }

    /// Whether `data`'s last line is this seal over every byte before it.
    ///
    /// - Complexity: O(n) in the bytes.
    public func holds(in data: Data) -> Bool {
        var end = data.endIndex
        if end > data.startIndex, data[end - 1] == 0x0A { end -= 1 }
        if end > data.startIndex, data[end - 1] == 0x0D { end -= 1 }
        let lastLineStart = data[..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex
        guard lastLineStart > data.startIndex else { return false }
        let last = String(decoding: data[lastLineStart..<end], as: UTF8.self)
        return last == line(over: data[..<lastLineStart])
    }

    /// Whether a line of text is a seal line of this syntax (readers skip it).
    public func isSealLine<S: StringProtocol>(_ line: S) -> Bool {
        line.hasPrefix(open + Self.keyword)
    }

    func line(over body: Data) -> String {
        open + Self.keyword + SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined() + close
    }
}
