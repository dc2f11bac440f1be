import CSV
import Foundation

/// Streams the rows of a CSV file with a header row, checking its columns and
/// converting fields with errors that name the file, the line and the column.
///
/// Rows are read one at a time (CSV.swift's reader over an `InputStream`), so
/// memory does not grow with the file. Line numbers assume no quoted line
/// breaks, which holds for the numeric files this project reads.
public struct CSVRecords: Sequence, IteratorProtocol {
    public let source: String
    public let header: [String]
    private let reader: CSVReader
    private let columns: [String: Int]
    private var line = 1

    /// - Parameters:
    ///   - required: columns that must be present.
    ///   - optional: columns that may be present.
    ///   - allowOthers: whether columns beyond these are accepted (ignored) or an error.
    public init(path: String, required: [String], optional: [String] = [], allowOthers: Bool = false) throws(InputError) {
        try InputError.checkReadableFile(path)
        guard let stream = InputStream(fileAtPath: path) else { throw InputError.unreadable(path) }
        let reader: CSVReader
        do { reader = try CSVReader(stream: stream, hasHeaderRow: true) } catch {
            throw InputError(source: path, line: 1, Self.describe(error))
        }
        try self.init(source: path, reader: reader, headerLine: 1, required: required, optional: optional, allowOthers: allowOthers)
    }

    /// CSV.swift's errors in words a user can act on.
    static func describe(_ error: any Error) -> String {
        switch error as? CSVError {
        case .cannotReadHeaderRow?: "cannot read a header row: the file is empty or not CSV text"
        case .cannotOpenFile?: "cannot open the file"
        case .cannotReadFile?: "cannot read the file"
        case .stringEncodingMismatch?, .stringEndianMismatch?, .unicodeDecoding?: "is not UTF-8 text"
        default: "cannot read as CSV (\(error))"
        }
    }

    /// Reads CSV text already in memory; `firstLine` is the file line of its header.
    public init(text: String, source: String, firstLine: Int = 1, required: [String], optional: [String] = [], allowOthers: Bool = false) throws(InputError) {
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: true) } catch {
            throw InputError(source: source, line: firstLine, Self.describe(error))
        }
        try self.init(source: source, reader: reader, headerLine: firstLine, required: required, optional: optional, allowOthers: allowOthers)
        line = firstLine
    }

    private init(source: String, reader: CSVReader, headerLine: Int, required: [String], optional: [String], allowOthers: Bool) throws(InputError) {
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !header.isEmpty, header != [""] else { throw InputError(source: source, line: headerLine, "the file is empty; expected a header row with \(required.joined(separator: ", "))") }
        // A repeated column would be read from its first copy, silently.
        var seen: [String: Int] = [:]
        for (i, name) in header.enumerated() where !name.isEmpty {
            if let first = seen[name] {
                throw InputError(source: source, line: headerLine, field: InputError.printable(name), "is column \(first + 1) and column \(i + 1); each column may appear once")
            }
            seen[name] = i
        }
        let missing = required.filter { !header.contains($0) }
        if !missing.isEmpty {
            throw InputError(source: source, line: headerLine, "missing column(s) \(missing.joined(separator: ", ")); the header has \(InputError.printable(header.joined(separator: ", ")))")
        }
        if !allowOthers {
            let known = Set(required + optional)
            let extra = header.filter { !known.contains($0) }
            if !extra.isEmpty {
                throw InputError(source: source, line: headerLine, "unexpected column(s) \(InputError.printable(extra.joined(separator: ", "))); expected \((required + optional).joined(separator: ", "))")
            }
        }
        var columns: [String: Int] = [:]
        for (i, name) in header.enumerated() where columns[name] == nil { columns[name] = i }
        self.source = source
        self.header = header
        self.reader = reader
        self.columns = columns
    }

    public mutating func next() -> CSVRecord? {
        while let fields = reader.next() {
            line += 1
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            return CSVRecord(source: source, line: line, fields: fields, columns: columns)
        }
        return nil
    }
}

/// One row, with typed accessors that fail with the row's location.
public struct CSVRecord {
    public let source: String
    public let line: Int
    public let fields: [String]
    let columns: [String: Int]

    public func string(_ column: String) throws(InputError) -> String {
        guard let index = columns[column] else { throw InputError(source: source, line: line, field: column, "no such column") }
        guard index < fields.count else {
            throw InputError(source: source, line: line, field: column, "the row has \(fields.count) fields; the header has more")
        }
        return fields[index].trimmingCharacters(in: .whitespaces)
    }

    /// A finite number; NaN and infinities are rejected.
    public func double(_ column: String) throws(InputError) -> Double {
        let text = try string(column)
        guard let value = Double(text), value.isFinite else {
            throw InputError(source: source, line: line, field: column, "'\(InputError.printable(text))' is not a finite number")
        }
        return value
    }

    /// A finite number that is zero or more.
    public func nonNegative(_ column: String) throws(InputError) -> Double {
        let value = try double(column)
        guard value >= 0 else { throw InputError(source: source, line: line, field: column, "\(value) is negative; expected zero or more") }
        return value
    }

    /// The most tokens one prompt or output may have (ten million), so that no count from a file overflows what it sizes.
    public static let maximumCount = 10_000_000

    /// A whole number that is zero or more (token counts), at most ``maximumCount``.
    public func count(_ column: String) throws(InputError) -> Int {
        let value = try nonNegative(column)
        guard value == value.rounded(), value <= Double(Self.maximumCount) else {
            throw InputError(source: source, line: line, field: column, "\(value) is not a whole number of tokens from 0 to \(Self.maximumCount)")
        }
        return Int(value)
    }
}
