/// A problem with an input file (profile, measured data, trace or workload),
/// located precisely enough to fix: file, line, field and what was expected.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file, or a description of the in-memory source.
    public var source: String
    /// 1-based line, when the problem is on one line.
    public var line: Int?
    /// The column or key at fault, when there is one.
    public var field: String?
    public var message: String

    public init(source: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.source = source
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = source
        if let line { location += ":\(line)" }
        if let field { location += " [\(field)]" }
        return "\(location): \(message)"
    }
}
