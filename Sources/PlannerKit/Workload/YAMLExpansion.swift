import CYaml
import Profiling

/// How many values a YAML text holds once its aliases are expanded, counted
/// from libyaml's events before Yams composes the document.
///
/// Yams checks a mapping for duplicate keys by hashing each key with its
/// aliases expanded, so a "billion laughs" key (anchors of ten aliases of
/// the anchor before, a few lines deep) spins for ever at flat memory. The
/// count stops at the budget, so its cost is one pass over the events.
/// Yams does not expose its event parser; libyaml's is the one it builds on.
enum YAMLExpansion {
    /// Far more values than any workload, manifest or schedule holds.
    static let budget = 1_000_000

    /// Throws when `text` expands to more than `budget` values. A text libyaml
    /// cannot parse passes: composing it gives the parser's own error.
    static func check(_ text: String, source: String, budget: Int = budget) throws(InputError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        // Open collections: their anchor and the values counted in them so far.
        var open: [(anchor: String?, count: Int)] = []
        var anchors: [String: Int] = [:]
        var total = 0
        func add(_ n: Int) -> Bool {
            if open.isEmpty { total = min(total + n, budget + 1) } else { open[open.count - 1].count = min(open[open.count - 1].count + n, budget + 1) }
            return max(total, open.last?.count ?? 0) <= budget
        }
        func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
        let within: Bool = bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return true
                case YAML_SCALAR_EVENT:
                    if let a = name(event.data.scalar.anchor) { anchors[a] = 1 }
                    if !add(1) { return false }
                case YAML_ALIAS_EVENT:
                    if !add(name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1) { return false }
                case YAML_SEQUENCE_START_EVENT:
                    open.append((name(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT:
                    open.append((name(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = open.popLast() else { return true }
                    if let a = closed.anchor { anchors[a] = closed.count }
                    if !add(closed.count) { return false }
                default:
                    break
                }
            }
            return true
        }
        guard within else {
            throw InputError(source: source, "expands to more than \(budget) values once its YAML aliases (*name) are expanded; write the values out, or use fewer nested aliases")
        }
    }
}
