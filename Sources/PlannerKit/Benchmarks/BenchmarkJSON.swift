import Foundation
import Profiling

/// A JSON value of a benchmark tool's output with the key path that led to
/// it, so that every error names the file and the key.
struct BenchmarkJSON {
    let file: String
    let value: Any
    let keyPath: String

    /// The file's top-level object.
    static func read(_ file: String, data: Data, expecting: String) throws(InputError) -> BenchmarkJSON {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw InputError(source: file, "not valid JSON (\(error.localizedDescription)); expected \(expecting)")
        }
        guard object is [String: Any] else { throw InputError(source: file, "expected a JSON object at the top level (\(expecting))") }
        return BenchmarkJSON(file: file, value: object, keyPath: "")
    }

    func error(_ key: String? = nil, _ message: String) -> InputError {
        InputError(source: file, field: key.map(path) ?? (keyPath.isEmpty ? nil : keyPath), message)
    }

    func path(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    /// The member `key`, or nil when absent or null.
    subscript(_ key: String) -> BenchmarkJSON? {
        guard let object = value as? [String: Any], let v = object[key], !(v is NSNull) else { return nil }
        return BenchmarkJSON(file: file, value: v, keyPath: path(key))
    }

    /// The first of `paths` (dot-separated) that is present.
    func first(_ paths: [String]) -> BenchmarkJSON? {
        for p in paths {
            var node: BenchmarkJSON? = self
            for key in p.split(separator: ".") { node = node?[String(key)] }
            if let node { return node }
        }
        return nil
    }

    var array: [BenchmarkJSON]? {
        (value as? [Any]).map { $0.enumerated().map { BenchmarkJSON(file: file, value: $1, keyPath: "\(keyPath)[\($0)]") } }
    }

    var string: String? { value as? String }

    /// This value as a finite number from `minimum` to 1e9 (JSON true and false are not numbers).
    func number(minimum: Double = 0, strictlyAbove: Bool = true) throws(InputError) -> Double {
        guard let n = value as? NSNumber, String(cString: n.objCType) != "c" else { throw error(nil, "\(value) is not a number") }
        let x = n.doubleValue
        guard x.isFinite, strictlyAbove ? x > minimum : x >= minimum, x <= 1e9 else {
            throw error(nil, "\(x) is out of range; expected a finite number \(strictlyAbove ? "above" : "from") \(minimum) up to 1e9")
        }
        return x
    }

    /// A whole count from 1 to `maximum`.
    func count(maximum: Int) throws(InputError) -> Int {
        let x = try number()
        guard x == x.rounded(), x <= Double(maximum) else { throw error(nil, "\(x) is not a whole number from 1 to \(maximum)") }
        return Int(x)
    }
}

extension LengthLaw {
    /// A token-count law from a tool's summary of the counts it sent:
    /// minimum, percentiles (as fractions) and maximum. A summary with no
    /// spread is the fixed count. Nil when the points do not rise.
    static func summarised(minimum: Double, percentiles: [(q: Double, tokens: Double)], maximum: Double) -> LengthLaw? {
        guard minimum >= 1, maximum >= minimum, maximum <= Double(InputLimits.maximumTokens) else { return nil }
        if minimum == maximum { return .fixed(Int(minimum.rounded())) }
        var points: [(q: Double, tokens: Double)] = [(0, minimum)]
        for p in percentiles.sorted(by: { $0.q < $1.q }) where p.q > 0 && p.q < 1 {
            guard p.tokens >= points.last!.tokens, p.tokens <= maximum else { return nil }
            points.append(p)
        }
        points.append((1, maximum))
        return .quantiles(points)
    }
}
