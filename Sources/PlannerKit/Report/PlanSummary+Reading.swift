import Profiling

extension PlanSummary {
    /// Reads a `summary.csv` of any plan kind: the common columns typed, the
    /// kind's own kept as text by name. Errors name `source`, the line and the column.
    public init(csv text: String, source: String) throws(InputError) {
        var records = try CSVRecords(text: text, source: source, required: Self.commonColumns, allowOthers: true)
        let extraColumns = records.header.filter { !Self.commonColumns.contains($0) }
        var rows: [Row] = []
        while let r = records.next() {
            func optional(_ column: String) throws(InputError) -> Double? { try r.string(column).isEmpty ? nil : r.double(column) }
            func flag(_ column: String) throws(InputError) -> Bool? {
                switch try r.string(column) {
                case "yes": return true
                case "no": return false
                case "": return nil
                case let other: throw InputError(source: source, line: r.line, field: column, "'\(InputError.printable(other))' is not yes or no")
                }
            }
            let ttft = try r.string("ttft_ms")
            var ttftMs: [Double] = []
            for part in ttft.split(separator: "/") {
                guard let value = Double(part), value.isFinite else {
                    throw InputError(source: source, line: r.line, field: "ttft_ms", "'\(InputError.printable(ttft))' is not a list of milliseconds joined by /")
                }
                ttftMs.append(value)
            }
            guard let meets = try flag("meets_target") else {
                throw InputError(source: source, line: r.line, field: "meets_target", "is empty; expected yes or no")
            }
            var row = Row(tier: try r.string("tier"), tpotMs: try optional("tpot_ms"), ttftMs: ttftMs, rateRps: try r.double("rate_rps"),
                          attainmentTarget: try optional("attainment_target"), attainment: try optional("attainment"), meetsTarget: meets,
                          plannedGpus: try r.double("planned_gpus"), dollarsPerMonth: try r.double("dollars_per_month"),
                          dollarsPerMillionOutputTokens: try optional("dollars_per_million_output_tokens"))
            row.plannedGpusLow = try optional("planned_gpus_low")
            row.plannedGpusHigh = try optional("planned_gpus_high")
            row.dollarsPerMonthLow = try optional("dollars_per_month_low")
            row.dollarsPerMonthHigh = try optional("dollars_per_month_high")
            row.latencyBand = try optional("latency_band")
            row.latencyBandValidated = try flag("latency_band_validated")
            for column in extraColumns { row.extras[column] = try r.string(column) }
            rows.append(row)
        }
        guard rows.contains(where: { $0.tier == Self.totalRow }) else {
            throw InputError(source: source, line: 1, "has no '\(Self.totalRow)' row; every plan's summary ends with the fleet's total")
        }
        self.init(extraColumns: extraColumns, rows: rows)
    }
}
