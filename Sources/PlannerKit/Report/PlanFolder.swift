import Foundation
import Profiling

/// A plan's report folder read back through the output contract (docs/outputs.md):
/// `plan.json`'s header and `summary.csv`, the same for every kind of plan.
public struct PlanFolder: Sendable {
    /// The files every plan writes.
    public static let summaryFile = "summary.csv"
    public static let planFile = "plan.json"
    public static let reportFile = "report.html"

    /// The files a kind writes beside the common three.
    public static func extraFiles(_ kind: PlanKind) -> [String] {
        switch kind {
        case .single: ["policies.csv"]
        case .mixed: ["types.csv"]
        case .schedule: ["windows.csv"]
        case .servingModes: ["serving.csv", "colocated-summary.csv", "disaggregated-summary.csv"]
        }
    }

    /// Every file of a kind's report, the common ones first.
    public static func files(_ kind: PlanKind) -> [String] {
        [summaryFile, planFile, reportFile] + extraFiles(kind)
    }

    public var header: PlanHeader
    public var summary: PlanSummary

    /// Reads `folder`'s `plan.json` header and `summary.csv`.
    /// - Throws: ``InputError`` naming the file and what is wrong, for a
    ///   missing file, another format, or a summary without the common columns.
    public init(reading folder: String) throws(InputError) {
        let planPath = (folder as NSString).appendingPathComponent(Self.planFile)
        let summaryPath = (folder as NSString).appendingPathComponent(Self.summaryFile)
        try InputError.checkReadableFile(planPath)
        try InputError.checkReadableFile(summaryPath)
        guard let planData = FileManager.default.contents(atPath: planPath) else { throw InputError.unreadable(planPath) }
        struct Document: Decodable { var header: PlanHeader }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            header = try decoder.decode(Document.self, from: planData).header
        } catch {
            throw InputError(source: planPath, "has no plan header the planner can read (\(Self.describe(error))); is it a \(PlanHeader.currentFormat) report?")
        }
        guard header.format == PlanHeader.currentFormat else {
            throw InputError(source: planPath, field: "header.format", "is '\(InputError.printable(header.format))'; this planner reads \(PlanHeader.currentFormat)")
        }
        guard let text = try? String(contentsOfFile: summaryPath, encoding: .utf8) else { throw InputError.unreadable(summaryPath) }
        summary = try PlanSummary(csv: text, source: summaryPath)
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case let .keyNotFound(key, context)?: "no key '\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))'"
        case let .typeMismatch(_, context)?, let .valueNotFound(_, context)?:
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        case let .dataCorrupted(context)?: context.debugDescription
        default: "\(error)"
        }
    }
}
