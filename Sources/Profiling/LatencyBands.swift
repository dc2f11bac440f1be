import Foundation

/// The latency model's held-out errors per group (a GPU, a model) for an
/// engine, as `planner validate --write-bands` writes them: where a generated
/// profile's ``ProfileMetadata/latencyBand`` comes from.
///
/// A file is a comment header (`# planner-latency-bands: 1`, then `#` lines
/// saying where the figures come from) and CSV rows
/// `engine,grouping,group,held_out_mean_e2e_error`.
public struct LatencyBands: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var engine: String
        /// `gpu` or `model`.
        public var grouping: String
        public var group: String
        /// Median |relative error| of the mean end-to-end latency with the group left out of the fit.
        public var heldOutError: Double

        public init(engine: String, grouping: String, group: String, heldOutError: Double) {
            self.engine = engine
            self.grouping = grouping
            self.group = group
            self.heldOutError = heldOutError
        }
    }

    public static let signature = "# planner-latency-bands:"
    public var rows: [Row]
    /// Where the figures came from (the corpus and the command).
    public var source: String

    public init(rows: [Row], source: String) {
        self.rows = rows
        self.source = source
    }

    /// The band of a profile of `model` on `gpu` under `engine`: the larger
    /// held-out error of its GPU's group and its model's group, both of which
    /// must have been held out; `nil` (not validated) otherwise, or when the
    /// error reaches 100 %. O(rows).
    public func band(engine: String, gpu: String, model: String) -> (band: Double, gpuError: Double, modelError: Double)? {
        func error(_ grouping: String, _ group: String) -> Double? {
            rows.first { $0.engine == engine && $0.grouping == grouping && $0.group == group }?.heldOutError
        }
        guard let g = error("gpu", gpu), let m = error("model", model), max(g, m) < 1 else { return nil }
        return (max(g, m), g, m)
    }

    public func encode() -> String {
        var out = "\(Self.signature) 1\n# source: \(source.replacingOccurrences(of: "\n", with: " "))\n"
        out += "engine,grouping,group,held_out_mean_e2e_error\n"
        for r in rows { out += "\(r.engine),\(r.grouping),\(r.group),\(r.heldOutError)\n" }
        return out
    }

    /// Writes the file, only where it is new or the planner wrote it before.
    public func write(to path: String) throws(InputError) {
        try OwnedFile.checkReplaceable(path, seal: .hashComment)
        do { try FileSeal.hashComment.sealed(encode()).write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw InputError(source: path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// - Throws: ``InputError`` naming the file, line and column of what is wrong.
    public static func read(path: String) throws(InputError) -> LatencyBands {
        let data = try InputError.contents(of: path)
        let text = String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character, so splitting on "\n" alone would leave a Windows file one line.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if let last = lines.lastIndex(where: { !$0.isEmpty }), FileSeal.hashComment.isSealLine(lines[last]) { lines.removeSubrange(last...) }
        guard let first = lines.first, first.hasPrefix(signature) else {
            throw InputError(source: path, line: 1, "is not a latency-band file (its first line is not '\(signature) 1'); write one with planner validate --write-bands")
        }
        var source = "", header = 0
        while let line = lines.first, line.hasPrefix("#") {
            if line.hasPrefix("# source: ") { source = String(line.dropFirst("# source: ".count)) }
            lines.removeFirst()
            header += 1
        }
        var records = try CSVRecords(text: lines.joined(separator: "\n"), source: path, firstLine: header + 1,
                                     required: ["engine", "grouping", "group", "held_out_mean_e2e_error"])
        var rows: [Row] = []
        while let r = records.next() {
            let grouping = try r.string("grouping")
            guard grouping == "gpu" || grouping == "model" else {
                throw InputError(source: path, line: r.line, field: "grouping", "'\(grouping)' is not gpu or model")
            }
            let error = try r.nonNegative("held_out_mean_e2e_error")
            guard error.isFinite, error <= 100 else {
                throw InputError(source: path, line: r.line, field: "held_out_mean_e2e_error", "\(error) is not a finite fraction up to 100")
            }
            rows.append(Row(engine: try r.string("engine"), grouping: grouping, group: try r.string("group"), heldOutError: error))
        }
        return LatencyBands(rows: rows, source: source)
    }
}
