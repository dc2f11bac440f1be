import Foundation
import Testing
import Profiling

@Suite struct LatencyBandsTests {
    static let table = LatencyBands(rows: [
        .init(engine: "vllm-0.15", grouping: "gpu", group: "H100-SXM", heldOutError: 0.022),
        .init(engine: "vllm-0.15", grouping: "gpu", group: "A100-80GB", heldOutError: 0.286),
        .init(engine: "vllm-0.15", grouping: "model", group: "Llama-3.1-8B", heldOutError: 0.115),
        .init(engine: "vllm-0.15", grouping: "model", group: "Llama-2-70B", heldOutError: 1.2),
    ], source: "test")

    /// By hand: the band is the larger of the GPU's and the model's held-out
    /// error; a GPU, model or engine the table lacks, or an error of 100 % or
    /// more, leaves the profile unvalidated.
    @Test func theBandIsTheLargerHeldOutErrorOfGPUAndModel() {
        let h100 = Self.table.band(engine: "vllm-0.15", gpu: "H100-SXM", model: "Llama-3.1-8B")
        #expect(h100?.band == 0.115 && h100?.gpuError == 0.022 && h100?.modelError == 0.115)
        #expect(Self.table.band(engine: "vllm-0.15", gpu: "A100-80GB", model: "Llama-3.1-8B")?.band == 0.286)
        #expect(Self.table.band(engine: "vllm-0.15", gpu: "H200", model: "Llama-3.1-8B") == nil)
        #expect(Self.table.band(engine: "vllm-0.15", gpu: "H100-SXM", model: "Llama-3.1-70B") == nil)
        #expect(Self.table.band(engine: "sglang-0.3", gpu: "H100-SXM", model: "Llama-3.1-8B") == nil)
        #expect(Self.table.band(engine: "vllm-0.15", gpu: "H100-SXM", model: "Llama-2-70B") == nil)
    }

    @Test func roundTripsAndRefusesWhatItDidNotWrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("bands.csv").path
        try Self.table.write(to: path)
        #expect(try LatencyBands.read(path: path) == Self.table)
        let mine = folder.appendingPathComponent("mine.csv").path
        try "engine,grouping,group,held_out_mean_e2e_error\n".write(toFile: mine, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try Self.table.write(to: mine) }
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "engine,grouping,group,held_out_mean_e2e_error\n", "a user's file is left alone")
        let bad = folder.appendingPathComponent("bad.csv").path
        try Self.table.encode().replacingOccurrences(of: ",gpu,H100-SXM", with: ",tp,H100-SXM").write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            _ = try LatencyBands.read(path: bad)
            Issue.record("a grouping 'tp' was accepted")
        } catch {
            #expect(error.field == "grouping" && error.line == 4)
        }
    }
}
