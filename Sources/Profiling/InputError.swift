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

    /// The longest message shown; echoes of input inside it are cut first by ``printable(_:limit:)``.
    public static let messageLimit = 2_000

    /// One line a terminal can show: the field cut to 80 characters and the
    /// message to ``messageLimit``, each saying how much was cut; control
    /// characters (but line breaks and tabs in the message) shown as `?`.
    /// Every echo of input goes through here, however the message was built.
    public var description: String {
        var location = Self.displayable(source, limit: 500)
        if let line { location += ":\(line)" }
        if let field { location += " [\(Self.printable(field, limit: 80))]" }
        return "\(location): \(Self.displayable(message, limit: Self.messageLimit))"
    }
}
