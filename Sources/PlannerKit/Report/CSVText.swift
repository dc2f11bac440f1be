import CSV
import Foundation

enum CSVText {
    /// Renders rows with CSV.swift's writer (quoting where a field needs it).
    static func render(_ rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Numbers for spreadsheets: fixed decimals, empty for missing values.
    static func number(_ x: Double?, _ digits: Int = 2) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.\(digits)f", x)
    }
}
