import Foundation
import Profiling

/// One pass over a JSON object's top level that keeps only what a reader
/// needs: every scalar member, and the arrays and objects it names. A
/// benchmark result saved with per-request details (every inter-token
/// latency, every generated text) can be hundreds of megabytes; parsing it
/// whole built a gigabyte of Foundation objects to read a dozen numbers.
///
/// The skipped values are checked only for balanced brackets and closed
/// strings; they are ignored, as the readers document.
enum JSONSkim {
    /// The top-level keys in order, and a JSON object holding the kept members' bytes as they stand.
    ///
    /// - Complexity: O(n) in the bytes; memory O(kept bytes).
    static func topLevel(_ data: Data, source: String, keepingContainers keep: Set<String>) throws(InputError) -> (keys: [String], kept: Data) {
        do {
            return try data.withUnsafeBytes { try scan(Scanner(bytes: $0, source: source), keep: keep) }
        } catch let error as InputError { throw error } catch { throw InputError(source: source, "not valid JSON (\(error))") }
    }

    private static func scan(_ start: Scanner, keep: Set<String>) throws(InputError) -> (keys: [String], kept: Data) {
        var scanner = start
        let data = scanner.bytes
        var keys: [String] = []
        var kept = Data("{".utf8)
        try scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "{") else { throw scanner.error("expected a JSON object at the top level") }
        scanner.index += 1
        try scanner.skipSpace()
        if scanner.peek == UInt8(ascii: "}") { scanner.index += 1 } else {
            while true {
                try scanner.skipSpace()
                let keyStart = scanner.index
                try scanner.skipString()
                let keyBytes = UnsafeRawBufferPointer(rebasing: data[keyStart..<scanner.index])
                let key = try decodeKey(keyBytes, scanner: scanner)
                try scanner.skipSpace()
                guard scanner.peek == UInt8(ascii: ":") else { throw scanner.error("expected ':' after the key \(key)") }
                scanner.index += 1
                try scanner.skipSpace()
                let valueStart = scanner.index
                let isContainer = scanner.peek == UInt8(ascii: "[") || scanner.peek == UInt8(ascii: "{")
                try scanner.skipValue()
                keys.append(key)
                if !isContainer || keep.contains(key) {
                    if kept.count > 1 { kept.append(UInt8(ascii: ",")) }
                    kept.append(contentsOf: keyBytes)
                    kept.append(UInt8(ascii: ":"))
                    kept.append(contentsOf: data[valueStart..<scanner.index])
                }
                try scanner.skipSpace()
                guard let next = scanner.peek else { throw scanner.error("the object is not closed") }
                scanner.index += 1
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw scanner.error("expected ',' or '}' after the value of \(key)") }
            }
        }
        try scanner.skipSpace()
        guard scanner.peek == nil else { throw scanner.error("text after the top-level object") }
        kept.append(UInt8(ascii: "}"))
        return (keys, kept)
    }

    static func decodeKey(_ bytes: UnsafeRawBufferPointer, scanner: Scanner) throws(InputError) -> String {
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self) }
        guard let key = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) as? String else {
            throw scanner.error("a key is not a valid JSON string")
        }
        return key
    }

    struct Scanner {
        let bytes: UnsafeRawBufferPointer
        let source: String
        var index = 0

        init(bytes: UnsafeRawBufferPointer, source: String) {
            self.bytes = bytes
            self.source = source
        }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        func error(_ message: String) -> InputError {
            InputError(source: source, "not valid JSON (\(message), at byte \(index))")
        }

        mutating func skipSpace() throws(InputError) {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
        }

        mutating func skipString() throws(InputError) {
            guard peek == UInt8(ascii: "\"") else { throw error("expected a string") }
            index += 1
            while let b = peek {
                index += 1
                if b == UInt8(ascii: "\\") { guard peek != nil else { break }; index += 1 } else if b == UInt8(ascii: "\"") { return }
            }
            throw error("a string is not closed")
        }

        /// Skips one value: a string, a container to its matching close, or a scalar token.
        mutating func skipValue() throws(InputError) {
            guard let first = peek else { throw error("a value is missing") }
            if first == UInt8(ascii: "\"") { return try skipString() }
            guard first == UInt8(ascii: "[") || first == UInt8(ascii: "{") else {
                let start = index
                scalar: while let b = peek {
                    switch b {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: break scalar
                    default: index += 1
                    }
                }
                if index == start { throw error("a value is missing") }
                return
            }
            var closers: [UInt8] = []
            while let b = peek {
                switch b {
                case UInt8(ascii: "\""): try skipString(); continue
                case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
                case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    guard closers.popLast() == b else { throw error("brackets do not match") }
                    if closers.isEmpty { index += 1; return }
                default: break
                }
                index += 1
            }
            throw error("an array or object is not closed")
        }
    }
}
