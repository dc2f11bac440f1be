/// A fleet that does not fit the profiles or the serving mode it runs on:
/// the same refusals for `simulate` and `goodput`.
public enum FleetMismatch: Error, CustomStringConvertible, Sendable, Equatable {
    case countsForProfiles(counts: Int, profiles: [String])
    case mixNeeded(profiles: [String])
    case prefillWhenColocated

    public var description: String {
        switch self {
        case let .countsForProfiles(n, names):
            "--mix gives \(n) counts for \(names.count) profiles (\(names.joined(separator: ", "))); give one per profile, in that order"
        case let .mixNeeded(names):
            "a fixed fleet of \(names.count) server types (\(names.joined(separator: ", "))) needs --mix with a count of each, in that order"
        case .prefillWhenColocated:
            "--prefill-instances splits a disaggregated fleet; add --serving disaggregated, or leave it out for co-located serving"
        }
    }

    /// Refuses a mix whose counts are not one per profile, and a fixed size of one type on several.
    public static func check(mix: [Int]?, fixedSize: Bool, profiles: [String]) throws(FleetMismatch) {
        if let mix, mix.count != profiles.count { throw .countsForProfiles(counts: mix.count, profiles: profiles) }
        if mix == nil, fixedSize, profiles.count > 1 { throw .mixNeeded(profiles: profiles) }
    }

    /// Refuses a prefill count on a co-located fleet.
    public static func check(prefillInstances: Int?, serving: ServingMode) throws(FleetMismatch) {
        if serving == .colocated, prefillInstances != nil { throw .prefillWhenColocated }
    }
}
