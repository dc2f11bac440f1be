import Foundation
import Testing
import PlannerTestSupport
@testable import PlannerKit
import Profiling

/// The benchmark readers skim a result's top level instead of parsing it whole.
@Suite struct JSONSkimTests {
    func skim(_ text: String, keep: Set<String> = []) throws -> (keys: [String], kept: [String: Any]) {
        let (keys, kept) = try JSONSkim.topLevel(Data(text.utf8), source: "t.json", keepingContainers: keep)
        return (keys, try #require(try JSONSerialization.jsonObject(with: kept) as? [String: Any]))
    }

    @Test func keepsScalarsAndNamedContainersAndSkipsTheRest() throws {
        let text = #" { "a": 1.5e2, "b\"q": "x]}\"{[", "big": [[1, 2], {"k": "]"}], "lens": [3, 4], "n": null, "t": true } "#
        let (keys, kept) = try skim(text, keep: ["lens"])
        #expect(keys == ["a", "b\"q", "big", "lens", "n", "t"])
        #expect(kept["a"] as? Double == 150 && kept["b\"q"] as? String == "x]}\"{[" && kept["lens"] as? [Int] == [3, 4])
        #expect(kept["big"] == nil && kept["n"] is NSNull && kept["t"] as? Bool == true)
        #expect(try skim("{}").keys.isEmpty)
    }

    @Test func theFixtureReadsTheSameSkimmedAsWhole() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("vllm-serving-a100-rate4.json")))
        let whole = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let containers = Set(whole.filter { $0.value is [Any] || $0.value is [String: Any] }.keys)
        let (keys, kept) = try skim(String(decoding: data, as: UTF8.self), keep: containers)
        #expect(Set(keys) == Set(whole.keys))
        #expect(NSDictionary(dictionary: kept).isEqual(to: whole))
    }

    @Test(arguments: [
        ("[1, 2]", "expected a JSON object at the top level"),
        (#"{"a": "open}"#, "a string is not closed"),
        (#"{"a": [1, 2}"#, "brackets do not match"),
        (#"{"a": [1, 2"#, "not closed"),
        (#"{"a": 1} x"#, "text after the top-level object"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"{"a": 1 "b": 2}"#, "expected ',' or '}'"),
        (#"{"a": }"#, "a value is missing"),
        ("", "expected a JSON object"),
    ])
    func refusesBrokenStructureWithWhereItBroke(_ text: String, _ words: String) {
        #expect { try JSONSkim.topLevel(Data(text.utf8), source: "t.json", keepingContainers: []) } throws: { error in
            let message = "\(error)"
            return message.contains("t.json") && message.contains("not valid JSON") && message.contains(words) && message.contains("at byte")
        }
    }
}
