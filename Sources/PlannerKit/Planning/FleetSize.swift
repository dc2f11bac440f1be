/// A fleet size: a number of instances, or `auto`, an unbounded idle pool a
/// policy scales from.
public struct FleetSize: Sendable, Equatable {
    /// `nil`: auto.
    public var instances: Int?

    /// `N` (at least 1) or `auto`; `nil` for anything else.
    public init?(parsing text: String) {
        if text == "auto" { instances = nil; return }
        guard let n = Int(text), n >= 1 else { return nil }
        instances = n
    }
}
