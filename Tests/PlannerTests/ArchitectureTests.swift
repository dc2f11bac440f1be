import Foundation
import Testing
import PlannerTestSupport

/// The library's folders are its layers (docs/architecture.md): a folder may
/// use the types of the folders below it, never one above, so the folders'
/// dependency graph has no cycle. Read from the sources: a folder uses
/// another when one of its files names a type declared there.
@Suite struct ArchitectureTests {
    static let library = Repository.path("Sources/PlannerKit")

    /// Each Swift file under the library, by its top folder (files at the top are left out: they are shared by all).
    static func filesByFolder() throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: library))
        for case let path as String in enumerator where path.hasSuffix(".swift") {
            let parts = path.split(separator: "/")
            guard parts.count > 1 else { continue }
            let text = try String(contentsOfFile: library + "/" + path, encoding: .utf8)
            out[String(parts[0]), default: []].append(text)
        }
        return out
    }

    /// The folder → folders it uses.
    static func graph() throws -> [String: Set<String>] {
        let files = try filesByFolder()
        let declaration = try Regex(#"^(?:(?:public|internal|fileprivate|private|final|indirect)\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z]\w*)"#).anchorsMatchLineEndings()
        // Simple word boundaries: Unicode's make `Plan.Row` one word.
        let identifier = try Regex(#"\b[A-Z]\w*\b"#).wordBoundaryKind(.simple)
        var owner: [String: String] = [:]
        for (folder, texts) in files.sorted(by: { $0.key < $1.key }) {
            for text in texts {
                for match in text.matches(of: declaration) {
                    if let name = match.output[1].substring, owner[String(name)] == nil { owner[String(name)] = folder }
                }
            }
        }
        var uses: [String: Set<String>] = [:]
        for (folder, texts) in files {
            for text in texts {
                let code = text.split(separator: "\n").map { line in line.range(of: "//").map { line[..<$0.lowerBound] } ?? line }.joined(separator: "\n")
                for match in code.matches(of: identifier) {
                    if let other = owner[String(code[match.range])], other != folder { uses[folder, default: []].insert(other) }
                }
            }
        }
        return uses
    }

    /// A cycle in `graph`, as the folders along it, or `nil`.
    static func cycle(in graph: [String: Set<String>]) -> [String]? {
        var state: [String: Bool] = [:]  // false: on the path; true: done
        var path: [String] = []
        func visit(_ node: String) -> [String]? {
            if state[node] == true { return nil }
            if state[node] == false { return Array(path[path.firstIndex(of: node)!...]) + [node] }
            state[node] = false
            path.append(node)
            for next in (graph[node] ?? []).sorted() { if let found = visit(next) { return found } }
            path.removeLast()
            state[node] = true
            return nil
        }
        for node in graph.keys.sorted() { if let found = visit(node) { return found } }
        return nil
    }

    @Test func theCycleFinderFindsAHandMadeCycle() {
        #expect(Self.cycle(in: ["A": ["B"], "B": ["C"], "C": []]) == nil)
        #expect(Self.cycle(in: ["A": ["B"], "B": ["C"], "C": ["A"]]) == ["A", "B", "C", "A"])
    }

    @Test func theLibraryFoldersHaveNoCycle() throws {
        let graph = try Self.graph()
        #expect(graph["Planning"]?.contains("Plan") == true, "the reader sees the folders' uses")
        let found = Self.cycle(in: graph)
        #expect(found == nil, "folders that use each other: \(found?.joined(separator: " → ") ?? "")")
    }
}
