import Foundation
import Profiling

/// Streams a trace's records, checking each as it goes: token counts are whole
/// and non-negative, timestamps are non-negative and never go backwards, and
/// the file is not empty. Errors name the file and the line.
public struct TraceReader {
    public let path: String
    public let format: TraceFormat
    private var csv: CSVRecords?
    private var lines: LineReader?
    private var firstTimestamp: Double?
    private var lastArrival = -Double.infinity
    public private(set) var count = 0

    public init(path: String, format requested: TraceFormat? = nil) throws(InputError) {
        self.path = path
        let format: TraceFormat
        if let requested { format = requested } else { format = try TraceFormat.detect(path: path) }
        self.format = format
        switch format {
        case .azure: csv = try CSVRecords(path: path, required: ["TIMESTAMP", "ContextTokens", "GeneratedTokens"])
        case .lengths: csv = try CSVRecords(path: path, required: ["num_prefill_tokens", "num_decode_tokens"], allowOthers: true)
        case .generic: csv = try CSVRecords(path: path, required: ["arrival_s", "prompt_tokens", "output_tokens"], optional: ["tier"])
        case .mooncake: lines = try LineReader(path: path)
        }
    }

    /// The next record, or `nil` at the end. Throws on the first bad row, and
    /// at the end of a file with no records.
    public mutating func next() throws(InputError) -> TraceRecord? {
        let record: TraceRecord?
        var line = 0
        switch format {
        case .mooncake: (record, line) = try nextMooncake()
        default:
            if let r = csv!.next() {
                line = r.line
                record = try parse(r)
            } else { record = nil }
        }
        guard var record else {
            if count == 0 { throw InputError(source: path, "the trace has no requests") }
            return nil
        }
        if let raw = record.arrival {
            guard raw <= 1e12 else { throw InputError(source: path, line: line, field: "timestamp", "\(raw) s is out of range; at most 1e12") }
            guard raw >= 0 else { throw InputError(source: path, line: line, field: "timestamp", "negative timestamp \(raw)") }
            let start = firstTimestamp ?? raw
            firstTimestamp = start
            let arrival = raw - start
            guard arrival >= lastArrival else {
                throw InputError(source: path, line: line, field: "timestamp", "timestamps must not go backwards: \(raw) follows a later one; sort the trace by arrival")
            }
            lastArrival = arrival
            record.arrival = arrival
        }
        count += 1
        return record
    }

    private func parse(_ r: CSVRecord) throws(InputError) -> TraceRecord {
        switch format {
        case .azure:
            let stamp = try r.string("TIMESTAMP")
            guard let seconds = Self.wallClockSeconds(stamp) else {
                throw InputError(source: path, line: r.line, field: "TIMESTAMP", "'\(stamp)' is not a timestamp like 2023-11-16 18:17:03.9799600")
            }
            return TraceRecord(arrival: seconds, prompt: try r.count("ContextTokens"), output: try r.count("GeneratedTokens"))
        case .lengths:
            return TraceRecord(arrival: nil, prompt: try r.count("num_prefill_tokens"), output: try r.count("num_decode_tokens"))
        case .generic:
            let tier = r.fields.count > 3 ? try r.string("tier") : nil
            return TraceRecord(arrival: try r.double("arrival_s"), prompt: try r.count("prompt_tokens"),
                               output: try r.count("output_tokens"), tier: tier)
        case .mooncake:
            preconditionFailure("Mooncake is read by lines")
        }
    }

    private mutating func nextMooncake() throws(InputError) -> (TraceRecord?, Int) {
        while let text = lines!.next() {
            let line = lines!.lineNumber
            if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
                throw InputError(source: path, line: line, "not a JSON object")
            }
            func count(_ key: String) throws(InputError) -> Int {
                guard let n = (object[key] as? NSNumber)?.doubleValue else { throw InputError(source: path, line: line, field: key, "missing or not a number") }
                guard n >= 0, n == n.rounded(), n <= Double(CSVRecord.maximumCount) else {
                    throw InputError(source: path, line: line, field: key, "\(n) is not a whole number of tokens from 0 to \(CSVRecord.maximumCount)")
                }
                return Int(n)
            }
            guard let ms = (object["timestamp"] as? NSNumber)?.doubleValue, ms.isFinite, abs(ms) <= 1e13 else {
                throw InputError(source: path, line: line, field: "timestamp", "missing, not a number, or beyond 1e13 ms")
            }
            var keys: [UInt64]? = nil
            if let ids = object["hash_ids"] as? [Any] {
                keys = []
                keys!.reserveCapacity(ids.count)
                for (i, id) in ids.enumerated() {
                    guard let x = (id as? NSNumber)?.doubleValue, x >= 0, x == x.rounded(), x < 9.007199254740992e15 else {
                        throw InputError(source: path, line: line, field: "hash_ids[\(i)]", "is not a whole number from 0 to 2^53")
                    }
                    keys!.append(UInt64(x))
                }
            }
            var record = TraceRecord(arrival: ms / 1000, prompt: try count("input_length"), output: try count("output_length"), promptBlocks: keys?.count)
            record.blockKeys = keys
            return (record, line)
        }
        return (nil, lines!.lineNumber)
    }

    /// Seconds since 1970 of `YYYY-MM-DD hh:mm:ss[.fraction]` (UTC), without
    /// a date formatter: the Azure traces have up to seven fractional digits.
    static func wallClockSeconds(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].split(separator: ":")
        guard date.count == 3, time.count == 3, let h = Int(time[0]), let m = Int(time[1]), let s = Double(time[2]) else { return nil }
        guard (1...9999).contains(date[0]), (1...12).contains(date[1]), (1...31).contains(date[2]), (0...23).contains(h), (0...59).contains(m),
              s >= 0, s < 61 else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let (y0, mo, d) = (date[0], date[1], date[2])
        let y = mo <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Double(days * 86400 + h * 3600 + m * 60) + s
    }
}
