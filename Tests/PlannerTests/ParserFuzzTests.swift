import Foundation
import PropertyBased
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Mutation fuzzing of every parser with swift-property-based: each case is a
/// short list of edits (byte flips, deletions, truncations, duplicated spans,
/// hostile words and numbers spliced in) applied to a valid file. A parser
/// may refuse a mutant with an `InputError` (anything else is a failure), must
/// never crash the process, and whatever it accepts holds only finite,
/// in-range numbers. A failing case is shrunk to the fewest, smallest edits
/// that still fail, and the report gives the seed that replays it
/// (`.fixedSeed(…)` on the test).
@Suite struct ParserFuzzTests {
    /// One edit of a file's bytes; `at` is scaled to the file's length when applied.
    struct Edit: Sendable, CustomStringConvertible {
        var kind: Int, at: Int, value: Int, length: Int
        var description: String { "edit(kind: \(kind), at: \(at), value: \(value), length: \(length))" }
    }

    static let hostile = ["1e308", "-1e308", "nan", "inf", "-inf", "-1", "0", "1e19", "9223372036854775808", "0x10", "1e-320",
                          "", "\u{0}", "é", "🙂", "[", "{", "]]", "---", ":", ",", "\"", "\n", "\r\n", "~", "&a", "*a"]

    /// One to four edits; shrinking removes edits and moves each toward a plain byte flip at the start.
    static let edits = zip(Gen.int(in: 0...5), Gen.int(in: 0...999_999), Gen.int(in: 0...255), Gen.int(in: 1...40))
        .map { Edit(kind: $0.0, at: $0.1, value: $0.2, length: $0.3) }
        .array(of: 1...4)

    /// `PLANNER_FUZZ_SCALE=20 swift test --filter ParserFuzzTests` runs twenty times the cases (a longer hunt than CI's).
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["PLANNER_FUZZ_SCALE"] ?? "") ?? 1)

    /// `text` with `edits` applied in turn, as raw bytes (it may not be valid UTF-8).
    static func apply(_ edits: [Edit], to text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for e in edits where !bytes.isEmpty {
            let at = e.at % bytes.count
            let word = Array(hostile[e.value % hostile.count].utf8)
            switch e.kind {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: e.value)
            case 1: bytes.remove(at: at)
            case 2: bytes = Array(bytes.prefix(at))
            case 3: bytes.insert(contentsOf: word, at: at)
            case 4:
                // Replace the number that starts here (if any) with a hostile one.
                var end = at
                while end < bytes.count, (48...57).contains(bytes[end]) || bytes[end] == 46 { end += 1 }
                bytes.replaceSubrange(at..<end, with: Array(hostile[e.value % 11].utf8))
            default:
                let length = min(bytes.count - at, e.length)
                bytes.insert(contentsOf: bytes[at..<(at + length)], at: at)
            }
        }
        return bytes
    }

    /// Writes `bytes` to a new file named `name` and returns its path.
    static func file(_ bytes: [UInt8], name: String) throws -> String {
        let path = TemporaryFiles.folder().appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Parses one mutant: an `InputError` is a refusal, any other error a failure; `true` when accepted.
    static func parse(_ mutant: [UInt8], _ body: () throws -> Void) -> Bool {
        do { try body(); return true } catch is InputError { return false } catch {
            Issue.record("not an InputError: \(error)\n\(String(decoding: mutant.prefix(2000), as: UTF8.self))")
            return false
        }
    }

    /// Mutants of `base` named `name`, each handed to `check`; at the end, both outcomes must have occurred
    /// (unless `mustAccept` is false: some formats have too little slack for a mutant to stay valid).
    static func fuzz(_ base: String, name: String, count: Int, mustAccept: Bool = true,
                     _ check: @escaping (String) throws -> Void) async {
        var accepted = 0, refused = 0
        await propertyCheck(count: count * scale, input: edits) { edits in
            let mutant = apply(edits, to: base)
            let path = try file(mutant, name: name)
            if parse(mutant, { try check(path) }) { accepted += 1 } else { refused += 1 }
        }
        #expect(refused > 0, "the mutants reach the refusals")
        if mustAccept { #expect(accepted > 0, "the mutants reach the accepting path: \(accepted) accepted, \(refused) refused") }
    }

    static func expectFinite(_ w: Workload) {
        #expect(w.totalRate.isFinite && w.totalRate >= 0)
        for t in w.tiers {
            #expect(t.tpotMs.isFinite && t.tpotMs > 0 && t.ttftChoicesMs.allSatisfy { $0.isFinite && $0 > 0 })
            #expect(t.lengths.meanPrompt.isFinite && t.lengths.meanOutput.isFinite && t.share.isFinite)
        }
        #expect(w.tierTargets.allSatisfy { $0 > 0 && $0 <= 1 })
    }

    @Test func workloadYAML() async throws {
        let base = try String(contentsOf: Repository.root.appendingPathComponent("workloads/polyserve-paper.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "profile: profiles/", with: "profile: \(Repository.root.path)/workloads/profiles/")
        await Self.fuzz(base, name: "w.yaml", count: 600) { path in Self.expectFinite(try WorkloadLoader.load(path: path)) }
    }

    /// Sessions' keys (turns, think time, system prompts) beside the rest; the turn-length table must come out finite.
    @Test func multiTurnWorkloadYAML() async throws {
        let base = try String(contentsOf: Repository.root.appendingPathComponent("workloads/multi-turn-chat.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "profile: profiles/", with: "profile: \(Repository.root.path)/workloads/profiles/")
        await Self.fuzz(base, name: "s.yaml", count: 300) { path in
            let w = try WorkloadLoader.load(path: path)
            Self.expectFinite(w)
            for t in w.tiers {
                guard let s = t.session else { continue }
                #expect(s.turns.mean.isFinite && s.turns.mean >= 1 && s.thinkSeconds.isFinite && s.thinkSeconds >= 0)
            }
        }
    }

    @Test func profileCSV() async throws {
        let base = try String(contentsOfFile: Repository.path("workloads/profiles/a100-80gb-llama-3.1-8b-tp1.csv"), encoding: .utf8)
        await Self.fuzz(base, name: "p.csv", count: 500, mustAccept: false) { path in
            let p = try ProfileFormat.read(path: path)
            #expect(p.table.minimumIterationMs.isFinite && p.table.minimumIterationMs > 0)
            #expect(p.metadata.pricePerGPUHour.isFinite && p.metadata.kvCapacityTokens > 0 && !p.metadata.gpu.isEmpty)
            #expect(p.decodeIterationMs(tokenBatch: 512, kvTokens: 1000).isFinite)
        }
    }

    /// Every trace format, from small hand-made files of each.
    @Test(arguments: [
        ("t.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,100,10\n2023-11-16 18:17:04.5000000,200,20\n2023-11-16 18:17:05.1000000,50,5\n"),
        ("t.jsonl", "{\"timestamp\": 0, \"input_length\": 100, \"output_length\": 10, \"hash_ids\": [1, 2]}\n{\"timestamp\": 500, \"input_length\": 1000, \"output_length\": 20, \"hash_ids\": [1, 3]}\n"),
        ("t.csv", "num_prefill_tokens,num_decode_tokens,num_total_tokens,pd_ratio\n100,10,110,10\n200,30,230,6.6\n"),
        ("t.csv", "arrival_s,prompt_tokens,output_tokens,tier\n0,100,10,a\n0.5,200,20,b\n1.5,50,5,a\n"),
    ])
    func traces(_ name: String, _ base: String) async throws {
        await Self.fuzz(base, name: name, count: 300) { path in
            var reader = try TraceReader(path: path)
            var rows = 0
            while let r = try reader.next(), rows < 10_000 {
                #expect(r.arrival.map { $0.isFinite && $0 >= 0 } ?? true)
                #expect(r.prompt >= 0 && r.output >= 0)
                rows += 1
            }
        }
    }

    /// vLLM's `--save-result` JSON, as `validate --measured` and `profile fit` read it.
    @Test func vllmResultJSON() async throws {
        let base = try String(contentsOfFile: Repository.fixture("vllm-serving-a100-rate4.json"), encoding: .utf8)
        await Self.fuzz(base, name: "r.json", count: 400) { path in
            let run = try VLLMBenchmarkResult.benchmarkRun(path: path, fallback: nil)
            for value in run.measured.values { #expect(value.isFinite && value > 0) }
            #expect(run.lengths.meanPrompt.isFinite && run.lengths.meanOutput.isFinite)
        }
    }

    /// The validation manifest, its paths made absolute so that a mutant in a temporary folder still finds them.
    @Test func validationManifest() async throws {
        let base = try String(contentsOfFile: Repository.path("workloads/validation/scenarios.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "../../../shared/data/", with: SharedData.root + "/")
            .replacingOccurrences(of: "../profiles/", with: Repository.path("workloads/profiles") + "/")
        await Self.fuzz(base, name: "m.yaml", count: 300) { path in
            for s in try ValidationManifest.load(path: path).scenarios {
                #expect(!s.name.isEmpty)
            }
        }
    }
}
