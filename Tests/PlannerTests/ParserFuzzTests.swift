import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// Seeded mutation fuzzing of every parser: byte flips, deletions,
/// truncations, duplicated spans and hostile numbers spliced into valid
/// files. A parser may reject a mutant with an `InputError` (anything else is
/// a failure), must never crash the process, and whatever it accepts holds
/// only finite, in-range numbers. Deterministic: the seeds are fixed.
@Suite struct ParserFuzzTests {
    static let hostile = ["1e308", "-1e308", "nan", "inf", "-inf", "-1", "0", "1e19", "9223372036854775808", "0x10", "1e-320",
                          "", "\u{0}", "é", "🙂", "[", "{", "]]", "---", ":", ",", "\"", "\n", "\r\n", "~", "&a", "*a"]

    /// One mutant of `text` as raw bytes (it may not be valid UTF-8), drawn from `rng`.
    static func mutate(_ text: String, _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = Array(text.utf8)
        let edits = 1 + Int(rng.unit() * 4)
        for _ in 0..<edits where !bytes.isEmpty {
            let at = Int(rng.unit() * Double(bytes.count))
            switch Int(rng.unit() * 6) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: Int(rng.unit() * 256))
            case 1: bytes.remove(at: at)
            case 2: bytes = Array(bytes.prefix(at))
            case 3:
                let word = hostile[Int(rng.unit() * Double(hostile.count))]
                bytes.insert(contentsOf: Array(word.utf8), at: at)
            case 4:
                // Replace the number that starts here (if any) with a hostile one.
                var end = at
                while end < bytes.count, (48...57).contains(bytes[end]) || bytes[end] == 46 { end += 1 }
                bytes.replaceSubrange(at..<end, with: Array(hostile[Int(rng.unit() * 10)].utf8))
            default:
                let length = min(bytes.count - at, 1 + Int(rng.unit() * 40))
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

    static func expectFinite(_ w: Workload) {
        #expect(w.totalRate.isFinite && w.totalRate >= 0)
        for t in w.tiers {
            #expect(t.tpotMs.isFinite && t.tpotMs > 0 && t.ttftChoicesMs.allSatisfy { $0.isFinite && $0 > 0 })
            #expect(t.lengths.meanPrompt.isFinite && t.lengths.meanOutput.isFinite && t.share.isFinite)
        }
        #expect(w.tierTargets.allSatisfy { $0 > 0 && $0 <= 1 })
    }

    @Test func workloadYAML() throws {
        let base = try String(contentsOf: Repository.root.appendingPathComponent("workloads/polyserve-paper.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "profile: profiles/", with: "profile: \(Repository.root.path)/workloads/profiles/")
        var rng = SeededGenerator(seed: 11, stream: 0)
        var accepted = 0, rejected = 0
        for _ in 0..<2000 {
            let mutant = Self.mutate(base, &rng)
            do {
                let w = try WorkloadLoader.load(path: try Self.file(mutant, name: "w.yaml"))
                Self.expectFinite(w)
                accepted += 1
            } catch is InputError {
                rejected += 1
            } catch {
                Issue.record("not an InputError: \(error)\n\(String(decoding: mutant, as: UTF8.self))")
            }
        }
        #expect(accepted > 0 && rejected > 0, "the mutants exercise both paths: \(accepted) accepted, \(rejected) rejected")
    }

    @Test func profileCSV() throws {
        let path = Repository.path("workloads/profiles/a100-80gb-llama-3.1-8b-tp1.csv")
        let base = try String(contentsOfFile: path, encoding: .utf8)
        var rng = SeededGenerator(seed: 12, stream: 0)
        var accepted = 0, rejected = 0
        for _ in 0..<1500 {
            let file = try Self.file(Self.mutate(base, &rng), name: "p.csv")
            do {
                let p = try ProfileFormat.read(path: file)
                #expect(p.table.minimumIterationMs.isFinite && p.table.minimumIterationMs > 0)
                #expect(p.metadata.pricePerGPUHour.isFinite && p.metadata.kvCapacityTokens > 0 && !p.metadata.gpu.isEmpty)
                #expect(p.decodeIterationMs(tokenBatch: 512, kvTokens: 1000).isFinite)
                accepted += 1
            } catch is InputError {
                rejected += 1
            } catch {
                Issue.record("not an InputError: \(error)")
            }
        }
        #expect(rejected > 0)
        _ = accepted
    }

    /// Every trace format, from small hand-made files of each.
    @Test(arguments: [
        ("t.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,100,10\n2023-11-16 18:17:04.5000000,200,20\n2023-11-16 18:17:05.1000000,50,5\n"),
        ("t.jsonl", "{\"timestamp\": 0, \"input_length\": 100, \"output_length\": 10, \"hash_ids\": [1, 2]}\n{\"timestamp\": 500, \"input_length\": 1000, \"output_length\": 20, \"hash_ids\": [1, 3]}\n"),
        ("t.csv", "num_prefill_tokens,num_decode_tokens,num_total_tokens,pd_ratio\n100,10,110,10\n200,30,230,6.6\n"),
        ("t.csv", "arrival_s,prompt_tokens,output_tokens,tier\n0,100,10,a\n0.5,200,20,b\n1.5,50,5,a\n"),
    ])
    func traces(_ name: String, _ base: String) throws {
        var rng = SeededGenerator(seed: 13, stream: UInt64(base.count))
        var rejected = 0
        for _ in 0..<1000 {
            let file = try Self.file(Self.mutate(base, &rng), name: name)
            do {
                var reader = try TraceReader(path: file)
                var rows = 0
                while let r = try reader.next(), rows < 10_000 {
                    #expect(r.arrival.map { $0.isFinite && $0 >= 0 } ?? true)
                    #expect(r.prompt >= 0 && r.output >= 0)
                    rows += 1
                }
            } catch is InputError {
                rejected += 1
            } catch {
                Issue.record("not an InputError: \(error)")
            }
        }
        #expect(rejected > 0)
    }
}
