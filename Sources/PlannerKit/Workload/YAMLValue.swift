import Foundation
import Profiling
import Yams

/// A YAML node that knows where it is (file, line, key path), so every
/// complaint about it names the place and the key.
struct YAMLValue {
    let node: Node
    let source: String
    /// Dotted key path from the document root, e.g. `tiers[2].ttft_ms`.
    let path: String

    var line: Int? { node.mark?.line }

    func error(_ message: String) -> InputError {
        InputError(source: source, line: line, field: path.isEmpty ? nil : path, message)
    }

    /// The mapping's entries, after rejecting keys outside `allowed` with the
    /// nearest valid key as a suggestion.
    func mapping(allowed: [String]) throws(InputError) -> [String: YAMLValue] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping with keys \(allowed.joined(separator: ", "))") }
        var out: [String: YAMLValue] = [:]
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            let child = YAMLValue(node: valueNode, source: source, path: path.isEmpty ? key : "\(path).\(key)")
            guard allowed.contains(key) else {
                let suggestion = allowed.min { editDistance(key, $0) < editDistance(key, $1) }
                let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                throw InputError(source: source, line: keyNode.mark?.line, field: child.path,
                                 "unknown key '\(key)'\(hint); expected one of \(allowed.joined(separator: ", "))")
            }
            out[key] = child
        }
        return out
    }

    /// A mapping whose keys are data (column names, say), in file order.
    func entries() throws(InputError) -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping") }
        return mapping.map { keyNode, valueNode in
            let key = keyNode.string ?? ""
            return (key, YAMLValue(node: valueNode, source: source, path: path.isEmpty ? key : "\(path).\(key)"))
        }
    }

    func array() throws(InputError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { YAMLValue(node: $1, source: source, path: "\(path)[\($0)]") }
    }

    func string() throws(InputError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a text value") }
        return scalar.string
    }

    /// A finite number no larger in magnitude than `maximum` (1e9 unless a key says otherwise),
    /// so that no value from a file can overflow what it feeds: GLPK's scaling, an allocation, a loop.
    func double(maximum: Double = 1e9) throws(InputError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
            throw error("expected a number, found '\(node.string ?? "a collection")'")
        }
        guard abs(value) <= maximum else { throw error("is out of range: at most \(fmtShort(maximum)); found \(scalar.string)") }
        return value
    }

    /// A number from `minimum` to `maximum`. The default minimum, a millionth,
    /// is below any rate, time or scale that means something here and above
    /// the tiny values (1e-320) that pass "greater than zero" and then turn
    /// into infinities downstream.
    func positive(minimum: Double = 1e-6, maximum: Double = 1e9) throws(InputError) -> Double {
        let value = try double(maximum: maximum)
        guard value > 0 else { throw error("must be greater than zero; found \(value)") }
        guard value >= minimum else { throw error("must be at least \(minimum); found \(value), too small to mean anything here") }
        return value
    }

    func nonNegative() throws(InputError) -> Double {
        let value = try double()
        guard value >= 0 else { throw error("must be zero or more; found \(value)") }
        return value
    }

    func integer(minimum: Int = 0, maximum: Int = 1_000_000_000_000_000) throws(InputError) -> Int {
        guard case .scalar(let scalar) = node else { throw error("expected a whole number, found a collection") }
        let text = scalar.string
        if let exact = Int(text) {
            guard exact >= minimum, exact <= maximum else { throw error("expected a whole number from \(minimum) to \(maximum); found \(text)") }
            return exact
        }
        guard let value = Double(text), value.isFinite, value == value.rounded() else {
            throw error("expected a whole number, found '\(text)'")
        }
        guard value >= Double(minimum), value <= Double(maximum) else {
            throw error("expected a whole number from \(minimum) to \(maximum); found \(text)")
        }
        return Int(value)
    }

    func fraction() throws(InputError) -> Double {
        let value = try double()
        guard value > 0, value <= 1 else { throw error("expected a fraction in (0, 1]; found \(value)") }
        return value
    }
}

/// Levenshtein distance, for "did you mean" suggestions. O(|a|·|b|).
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}

extension YAMLValue {
    /// Reads and parses the YAML file at `path`: its root value and its bytes
    /// (for checksums). `expecting` names what an empty file lacks.
    static func document(path: String, expecting: String) throws(InputError) -> (root: YAMLValue, data: Data) {
        let data = try InputError.contents(of: path)
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(source: path, "not UTF-8 text") }
        try YAMLExpansion.check(text, source: path)
        do {
            guard let node = try Yams.compose(yaml: text) else { throw InputError(source: path, "the file is empty; expected \(expecting)") }
            return (YAMLValue(node: node, source: path, path: ""), data)
        } catch let error as InputError { throw error } catch {
            throw InputError(source: path, "not valid YAML: \(error)")
        }
    }

    /// A path given in the file: absolute, or relative to `folder` (the file's own).
    func path(relativeTo folder: URL) throws(InputError) -> String {
        let relative = try string()
        return relative.hasPrefix("/") ? relative : folder.appendingPathComponent(relative).standardizedFileURL.path
    }

    /// ``path(relativeTo:)`` of a file that must exist.
    func existingFile(relativeTo folder: URL) throws(InputError) -> String {
        let resolved = try path(relativeTo: folder)
        guard FileManager.default.fileExists(atPath: resolved) else { throw error("no such file: \(resolved)") }
        return resolved
    }
}

extension YAMLValue {
    /// `true`/`false` (YAML 1.2's core schema; `yes`/`no` too, as YAML 1.1 readers take them).
    func flag() throws(InputError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes": true
        case "false", "no": false
        default: throw error("expected true or false")
        }
    }
}
