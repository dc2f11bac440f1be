import Foundation
import Testing
import PlannerTestSupport

/// The bad-input catalogue: each case runs the built `planner` tool on a bad
/// input and requires a non-zero exit without a crash (no signal, no Swift
/// trap) and an error that contains the given words. Files that must survive
/// are checked unchanged afterwards.
@Suite struct BadInputCatalogueTests {
    static let root = Repository.root.path
    /// The tool as `swift build` / `swift test` leave it.
    static let tool = [".build/debug/planner", ".build/x86_64-unknown-linux-gnu/debug/planner", ".build/aarch64-unknown-linux-gnu/debug/planner"]
        .map { root + "/" + $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        /// Arguments; `$DIR` is the case's temporary folder, `$ROOT` the package.
        var arguments: [String]
        /// Files written to `$DIR` first.
        var files: [String: String] = [:]
        /// Words the error output must contain.
        var words: [String]
        /// The exit status, where the case pins it: 64 for a usage error (a flag or its value), 1 for a run that could not answer.
        var status: Int32? = nil
        var description: String { name }
    }

    static let paper = "workloads/polyserve-paper.yaml"
    static let profileLine = "profile: \(root)/workloads/profiles/h200-llama-3.1-8b-tp1.csv"
    static func workload(_ edit: (String) -> String) -> String {
        edit("""
        name: w
        \(profileLine)
        arrivals: {process: poisson, rate_rps: 10}
        lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 10}}
        tiers: [{name: a, tpot_ms: 50, ttft_ms: 1000, share: 1}]
        run: {requests: 100}
        """)
    }

    /// Anchors `a0` … `a<depth>`, each a list of ten aliases of the one before: 10^depth values expanded.
    static func aliasBomb(depth: Int) -> String {
        (["bomb:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + (1...depth).map { i in
            "  a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]"
        }).joined(separator: "\n")
    }

    static let cases: [Case] = [
        Case(name: "plan --out a file", arguments: ["plan", paper, "--out", "$DIR/keep.txt"], files: ["keep.txt": "mine\n"], words: ["is not a folder"]),
        Case(name: "plan --out a folder of other files", arguments: ["plan", paper, "--out", "$DIR"], files: ["keep.txt": "mine\n"], words: ["did not write", "left alone"]),
        Case(name: "plan --out the input workload", arguments: ["plan", "$DIR/w.yaml", "--out", "$DIR/w.yaml"], files: ["w.yaml": workload { $0 }], words: ["is not a folder"]),
        Case(name: "plan --out empty", arguments: ["plan", paper, "--out", ""], words: ["output folder is empty"]),
        Case(name: "rate 1e308", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "rate_rps: 10", with: "rate_rps: 1e308") }], words: ["w.yaml", "arrivals.rate_rps", "out of range"]),
        Case(name: "tpot 1e19", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "tpot_ms: 50", with: "tpot_ms: 1e19") }], words: ["tpot_ms", "out of range"]),
        Case(name: "requests 1e12", arguments: ["simulate", "$DIR/w.yaml", "--instances", "2"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "requests: 100", with: "requests: 1e12") }], words: ["run.requests", "1000000000"]),
        Case(name: "seconds too long", arguments: ["simulate", "$DIR/w.yaml", "--instances", "2"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "requests: 100", with: "seconds: 1e9") }], words: ["run", "no run simulates more than 1000000000"]),
        Case(name: "seconds past the default limit", arguments: ["simulate", "$DIR/w.yaml", "--instances", "2"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "requests: 100", with: "seconds: 1e7") }], words: ["limit of 10000000", "--max-requests"]),
        Case(name: "--max-requests 0", arguments: ["simulate", paper, "--instances", "2", "--max-requests", "0"], words: ["--max-requests", "between 1 and"], status: 64),
        Case(name: "--rate-scale below a request every 11 days", arguments: ["simulate", "$DIR/w.yaml", "--instances", "2", "--rate-scale", "0.01"],
             files: ["w.yaml": workload { $0.replacingOccurrences(of: "rate_rps: 10", with: "rate_rps: 0.00001") }], words: ["--rate-scale 0.01", "below 1e-6 req/s"]),
        Case(name: "a trace column named twice", arguments: ["workload", "show", "$DIR/t.csv"],
             files: ["t.csv": "TIMESTAMP,ContextTokens,GeneratedTokens,ContextTokens\n2023-11-16 18:15:46.68,374,44,3\n"], words: ["t.csv:1", "[ContextTokens]", "column 2 and column 4"], status: 1),
        Case(name: "a billion-laughs alias as a mapping key", arguments: ["workload", "show", "$DIR/w.yaml"],
             files: ["w.yaml": workload { aliasBomb(depth: 12) + "\n" + $0.replacingOccurrences(of: "share: 1}", with: "share: 1, *a12 : 1}") }],
             words: ["w.yaml", "more than 1000000 values", "aliases"], status: 1),
        Case(name: "a line of a million characters with control bytes", arguments: ["workload", "show", "$DIR/w.yaml"],
             files: ["w.yaml": workload { $0 + "\n\u{1}" + String(repeating: "k", count: 1_000_000) + "\n" }], words: ["w.yaml", "more characters)"], status: 1),
        Case(name: "--rate-scale 1e-300", arguments: ["simulate", paper, "--instances", "2", "--rate-scale", "1e-300"], words: ["--rate-scale", "from 1e-6"], status: 64),
        Case(name: "--max-instances past the ceiling", arguments: ["goodput", paper, "--instances", "2", "--max-instances", "100000000"], words: ["--max-instances", "between 1 and 10000000"]),
        Case(name: "--requests past the limit", arguments: ["simulate", paper, "--instances", "2", "--requests", "20000000"], words: ["--requests", "--max-requests"]),
        Case(name: "autoscaled pool hits its limit", arguments: ["simulate", paper, "--instances", "auto", "--max-instances", "2", "--requests", "3000"], words: ["limit of 2 instances", "--max-instances"], status: 1),
        Case(name: "requests not whole", arguments: ["simulate", "$DIR/w.yaml", "--instances", "2"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "requests: 100", with: "requests: 9007199254740993.5") }], words: ["run.requests"]),
        Case(name: "a tier named total", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "name: a,", with: "name: Total,") }], words: ["w.yaml", "'Total'", "summary.csv"]),
        Case(name: "profile and profiles", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0 + "\nprofiles: [a.csv]\n" }], words: ["'profile' or 'profiles'"]),
        Case(name: "TPOT below the profile's floor", arguments: ["simulate", "$DIR/w.yaml", "--instances", "2"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "tpot_ms: 50", with: "tpot_ms: 1") }], words: ["tiers.a.tpot_ms", "below the fastest iteration"]),
        Case(name: "two profiles of one server type", arguments: ["plan", "$DIR/w.yaml", "--out", "$DIR/r", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv"],
             files: ["w.yaml": workload { $0 }], words: ["same server type (H200)", "one profile each"]),
        Case(name: "profiles of two models", arguments: ["simulate", "$DIR/w.yaml", "--mix", "1,1", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv", "--profile", "$ROOT/workloads/profiles/h100-sxm-llama-3.1-70b-tp4.csv"],
             files: ["w.yaml": workload { $0 }], words: ["h100-sxm-llama-3.1-70b-tp4.csv", "[model]", "one plan is for one model"]),
        Case(name: "--mix with a count too few", arguments: ["goodput", "$DIR/w.yaml", "--mix", "2", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv", "--profile", "$ROOT/workloads/profiles/h100-sxm-llama-3.1-8b-tp1.csv"],
             files: ["w.yaml": workload { $0 }], words: ["--mix gives 1 counts for 2 profiles", "H200, H100-SXM"]),
        Case(name: "several types, --instances without --mix", arguments: ["simulate", "$ROOT/workloads/mixed-h200-l40s.yaml", "--instances", "4"], words: ["needs --mix", "H200, L40S"]),
        Case(name: "--mix not numbers", arguments: ["simulate", "$ROOT/workloads/mixed-h200-l40s.yaml", "--mix", "3,x"], words: ["--mix"]),
        Case(name: "serving mode unknown", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0 + "\nserving: split\n" }], words: ["w.yaml", "serving", "colocated, disaggregated or both"]),
        Case(name: "disaggregation bandwidth negative", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0 + "\ndisaggregation: {kv_bandwidth_gb_per_s: -1}\n" }], words: ["disaggregation.kv_bandwidth_gb_per_s"]),
        Case(name: "disaggregated without prefill instances", arguments: ["simulate", paper, "--serving", "disaggregated", "--instances", "4"], words: ["--prefill-instances"]),
        Case(name: "prefill instances while co-located", arguments: ["simulate", paper, "--instances", "4", "--prefill-instances", "2"], words: ["--prefill-instances splits a disaggregated fleet"]),
        Case(name: "disaggregated mixed fleet", arguments: ["plan", "$ROOT/workloads/mixed-h200-l40s.yaml", "--serving", "both", "--out", "$DIR/r"], words: ["one server type"]),
        Case(name: "schedule window of a microsecond", arguments: ["plan", "$DIR/w.yaml", "--out", "$DIR/r"],
             files: ["w.yaml": workload { $0 + "\nschedule: {windows: [{hours: 1e-9, rate_scale: 1}]}" }], words: ["w.yaml", "hours", "at least a minute"]),
        Case(name: "one GPU priced twice", arguments: ["optimal", "$DIR/w.yaml"],
             files: ["w.yaml": workload { $0 + "\nprices: {H200: 3.79, h200: 0}" }], words: ["w.yaml", "prices.h200", "second time"]),
        Case(name: "goodput co-located with prefill instances", arguments: ["goodput", "$ROOT/workloads/chat.yaml", "--instances", "4", "--prefill-instances", "2"],
             words: ["--prefill-instances", "disaggregated"]),
        Case(name: "prompts beyond every KV cache", arguments: ["optimal", "$DIR/w.yaml"],
             files: ["w.yaml": workload { $0.replacingOccurrences(of: "prompt: {law: fixed, value: 100}", with: "prompt: {law: fixed, value: 900000}") }],
             words: ["w.yaml", "tiers.a", "900000", "KV cache", "845642"]),
        Case(name: "rate 1e-320", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "rate_rps: 10", with: "rate_rps: 1e-320") }],
             words: ["w.yaml", "arrivals.rate_rps", "at least"]),
        Case(name: "gamma cv 1e9", arguments: ["optimal", "$DIR/w.yaml"],
             files: ["w.yaml": workload { $0.replacingOccurrences(of: "process: poisson, rate_rps: 10", with: "process: gamma, cv: 1e9, rate_rps: 10") }],
             words: ["w.yaml", "arrivals.cv", "at most 100"]),
        Case(name: "validate prompts beyond the KV cache", arguments: ["validate", "--measured", "$DIR/long.json", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv"],
             files: ["long.json": #"{"backend": "vllm", "model_id": "meta-llama/Llama-3.1-8B", "request_rate": 4, "completed": 10, "median_ttft_ms": 100, "median_tpot_ms": 20, "input_lens": [900000, 900000], "output_lens": [10, 10]}"#],
             words: ["long.json", "KV cache", "845642"]),
        Case(name: "manifest CSV figure of zero", arguments: ["validate", "--manifest", "$DIR/m.yaml"],
             files: ["m.yaml": """
                planner-validation: 1
                scenarios:
                  - name: zero
                    sample: calibration
                    profile: \(root)/workloads/profiles/h200-llama-3.1-8b-tp1.csv
                    engine: vllm-0.15
                    serving: {request_rate: 4, requests: 100}
                    lengths: {prompt: {law: fixed, value: 100}, output: {law: fixed, value: 10}}
                    measured: {file: figures.csv, where: {rate: 4}}
                """, "figures.csv": "rate,median_ttft_ms,median_tpot_ms\n4,0,12\n"],
             words: ["figures.csv", "median_ttft_ms", "positive"]),
        Case(name: "--mix 0,0", arguments: ["goodput", "$ROOT/workloads/mixed-h200-l40s.yaml", "--mix", "0,0"], words: ["--mix", "no instance"]),
        Case(name: "--mix 100000000,1", arguments: ["goodput", "$ROOT/workloads/mixed-h200-l40s.yaml", "--mix", "100000000,1"], words: ["--mix", "100000000", "outside"]),
        Case(name: "a device as the workload", arguments: ["optimal", "/dev/zero"], words: ["/dev/zero", "not a regular file"]),
        Case(name: "schedule disaggregated", arguments: ["plan", "$ROOT/workloads/diurnal.yaml", "--serving", "disaggregated", "--out", "$DIR/r"], words: ["schedule", "co-located"]),
        Case(name: "tier target above 1", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "share: 1}", with: "share: 1, attainment_target: 1.5}") }], words: ["attainment_target", "fraction"]),
        Case(name: "optimal --time-limit inf", arguments: ["optimal", paper, "--time-limit", "inf"], words: ["--time-limit"]),
        Case(name: "optimal: no fleet up to the limit", arguments: ["optimal", "$DIR/w.yaml"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "rate_rps: 10", with: "rate_rps: 1e9") }], words: ["instances, more than the 100000 a plan can simulate"]),
        Case(name: "optimal: no goodput on one instance", arguments: ["optimal", "$DIR/w.yaml", "--instances", "1"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "rate_rps: 10", with: "rate_rps: 1e9") }], words: ["no positive share"]),
        Case(name: "validate --measured without --profile", arguments: ["validate", "--measured", "$DIR/r.json"], files: ["r.json": "{}"], words: ["--measured needs --profile"]),
        Case(name: "validate a missing result", arguments: ["validate", "--measured", "$DIR/none.json", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv"], words: ["none.json"]),
        Case(name: "validate a result without medians", arguments: ["validate", "--measured", "$DIR/r.json", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv"], files: ["r.json": "{\"request_rate\": 2, \"completed\": 5}"], words: ["r.json", "median_ttft_ms", "missing"]),
        Case(name: "validate a rate under a binding concurrency cap", arguments: ["validate", "--measured", "$DIR/r.json", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv"], files: ["r.json": "{\"request_rate\": 4, \"max_concurrency\": 2, \"completed\": 5, \"median_ttft_ms\": 1, \"median_tpot_ms\": 1}"], words: ["max_concurrency", "--max-concurrency"]),
        Case(name: "plan a closed loop", arguments: ["plan", "$DIR/w.yaml", "--out", "$DIR/out"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "process: poisson, rate_rps: 10", with: "process: closed, users: 4") }], words: ["arrivals.process", "planner simulate"]),
        Case(name: "simulate --instances huge", arguments: ["simulate", paper, "--instances", "9223372036854775807"], words: ["--instances"]),
        Case(name: "simulate --instances 1e8", arguments: ["simulate", paper, "--instances", "100000000"], words: ["limit of 100000", "--max-instances"]),
        Case(name: "simulate auto with a baseline", arguments: ["simulate", paper, "--policy", "random", "--instances", "auto"], words: ["needs --instances N"]),
        Case(name: "provisioning delay with a baseline", arguments: ["simulate", paper, "--policy", "minimal", "--instances", "2", "--provisioning-delay", "5"], words: ["has none"]),
        Case(name: "unknown policy", arguments: ["simulate", paper, "--policy", "fastest", "--instances", "2"], words: ["fastest", "polyserve"]),
        Case(name: "goodput --tolerance 1e-20", arguments: ["goodput", paper, "--instances", "2", "--tolerance", "1e-20"], words: ["--tolerance"]),
        Case(name: "goodput --replications 0", arguments: ["goodput", paper, "--instances", "2", "--replications", "0"], words: ["--replications"]),
        Case(name: "plan --replications 1000", arguments: ["plan", paper, "--replications", "1000"], words: ["--replications"]),
        Case(name: "bench simulate --repeats 0", arguments: ["bench", "simulate", "--repeats", "0"], words: ["--repeats"]),
        Case(name: "bench bound --repeats -1", arguments: ["bench", "bound", "--repeats=-1"], words: ["--repeats"]),
        Case(name: "generate --tp 3", arguments: ["profile", "generate", "--gpu", "H200", "--model", "Llama-3.1-8B", "--tp", "3", "-o", "$DIR/p.csv"], words: ["does not split", "1, 2, 4, 8"]),
        Case(name: "generate --floor-ms -5", arguments: ["profile", "generate", "--gpu", "H200", "--model", "Llama-3.1-8B", "--floor-ms", "-5", "-o", "$DIR/p.csv"], words: ["--floor-ms"]),
        Case(name: "generate --price inf", arguments: ["profile", "generate", "--gpu", "H200", "--model", "Llama-3.1-8B", "--price", "inf", "-o", "$DIR/p.csv"], words: ["--price"]),
        Case(name: "profile with an empty gpu", arguments: ["profile", "check", "$DIR/p.csv"], files: ["p.csv": "# planner-profile: 1\n# name: x\n# gpu: \n# gpus_per_instance: 1\n# model: m\n# tensor_parallel: 1\n# kv_capacity_tokens: 100\n# price_per_gpu_hour: 1\n# provenance: t\ntoken_batch,kv_tokens,iteration_ms\n1,0,1\n2,0,1\n1,100,1\n2,100,1\n"], words: ["p.csv", "gpu", "empty"]),
        Case(name: "GPUs per instance not a multiple of TP", arguments: ["profile", "check", "$DIR/p.csv"], files: ["p.csv": "# planner-profile: 1\n# name: x\n# gpu: H200\n# gpus_per_instance: 3\n# model: m\n# tensor_parallel: 2\n# kv_capacity_tokens: 100\n# price_per_gpu_hour: 1\n# provenance: t\ntoken_batch,kv_tokens,iteration_ms\n1,0,1\n2,0,1\n1,100,1\n2,100,1\n"], words: ["gpus_per_instance", "tensor-parallel"]),
        Case(name: "two models", arguments: ["optimal", paper, "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv", "--profile", "$ROOT/workloads/profiles/h100-sxm-llama-3.1-70b-tp4.csv"], words: ["one plan is for one model"]),
        Case(name: "missing workload", arguments: ["optimal", "$DIR/none.yaml"], words: ["none.yaml", "no such file"]),
        Case(name: "a folder as the workload", arguments: ["optimal", "$DIR"], words: ["is a folder; expected a file"]),
        Case(name: "a binary trace", arguments: ["workload", "show", "$DIR/t.csv"], files: ["t.csv": String(decoding: (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }, as: UTF8.self)], words: ["t.csv:1", "unrecognised header"]),
        Case(name: "a profile's bad header is on its own line", arguments: ["profile", "check", "$DIR/p.csv"], files: ["p.csv": "# planner-profile: 1\n# name: x\n# gpu: H200\n# gpus_per_instance: 1\n# model: m\n# tensor_parallel: 1\n# kv_capacity_tokens: 100\n# price_per_gpu_hour: 1\n# provenance: t\ntoken_batch,kv\n1,0\n"], words: ["p.csv:10", "missing column(s) kv_tokens, iteration_ms"]),
        Case(name: "nothing measured after the warm-up", arguments: ["simulate", "$DIR/w.yaml", "--instances", "2"], files: ["w.yaml": workload { $0.replacingOccurrences(of: "requests: 100", with: "requests: 100, warmup_seconds: 100000") }], words: ["nothing was measured", "warmup_seconds"]),
        Case(name: "profile generate -o a user's file", arguments: ["profile", "generate", "--gpu", "H200", "--model", "Llama-3.1-8B", "-o", "$DIR/w.yaml"], files: ["w.yaml": workload { $0 }], words: ["not a file the planner wrote", "left alone"]),
        Case(name: "profile generate -o a user's file that copies a profile's first line", arguments: ["profile", "generate", "--gpu", "H200", "--model", "Llama-3.1-8B", "-o", "$DIR/p.csv"], files: ["p.csv": "# planner-profile: 1\nmy own notes\n"], words: ["not a file the planner wrote", "left alone"]),
        Case(name: "optimal --write-lp over a file that copies GLPK's first line", arguments: ["optimal", paper, "--write-lp", "$DIR/m.lp"], files: ["m.lp": "\\* Problem: mine *\\\nEnd\n"], words: ["not a file the planner wrote"]),
        Case(name: "optimal --write-lp over a user's file", arguments: ["optimal", paper, "--write-lp", "$DIR/notes.txt"], files: ["notes.txt": "my notes\n"], words: ["not a file the planner wrote"]),
        Case(name: "profile fit -o its own profile", arguments: ["profile", "fit", "--measured", "$ROOT/Tests/Fixtures/genai-perf-concurrency16.json", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv", "-o", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv"],
             words: ["-o names --profile itself"]),
        Case(name: "profile fit -o a user's file", arguments: ["profile", "fit", "--measured", "$ROOT/Tests/Fixtures/genai-perf-concurrency16.json", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv", "-o", "$DIR/w.yaml"],
             files: ["w.yaml": workload { $0 }], words: ["not a file the planner wrote"]),
        Case(name: "profile fit on a file that is no benchmark", arguments: ["profile", "fit", "--measured", "$DIR/w.yaml", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv", "-o", "$DIR/fitted.csv"],
             files: ["w.yaml": workload { $0 }], words: ["w.yaml", "not valid JSON"]),
        Case(name: "profile fit on one run", arguments: ["profile", "fit", "--measured", "$ROOT/Tests/Fixtures/genai-perf-concurrency16.json", "--profile", "$ROOT/workloads/profiles/h200-llama-3.1-8b-tp1.csv", "-o", "$DIR/fitted.csv"],
             words: ["1 run given", "at least 2"]),
        Case(name: "an empty trace", arguments: ["workload", "show", "$DIR/t.csv"], files: ["t.csv": ""], words: ["t.csv", "empty"]),
        Case(name: "a sweep over a tier the workload lacks", arguments: ["sweep", "plan", "$DIR/s.yaml", "--out", "$DIR/out"],
             files: ["w.yaml": workload { $0 }, "s.yaml": "name: s\nworkload: w.yaml\ngrid: {tiers.b.tpot_ms: [20]}\n"], words: ["s.yaml:3", "grid.tiers.b.tpot_ms", "no tier 'b'"]),
        Case(name: "a sweep run on a folder that is no sweep", arguments: ["sweep", "run", "$DIR"], files: ["notes.txt": "mine"], words: ["is not a planned sweep"]),
        Case(name: "a sweep planned into a user's folder", arguments: ["sweep", "plan", "$DIR/s.yaml", "--out", "$DIR"],
             files: ["w.yaml": workload { $0 }, "s.yaml": "name: s\nworkload: w.yaml\ngrid: {rate_scale: [1]}\n"], words: ["files the planner did not write", "left alone"]),
        Case(name: "a scheduler the sweep cannot emit", arguments: ["sweep", "emit", "$DIR", "--scheduler", "pbs"], words: ["--scheduler", "pbs"], status: 64),
    ]

    @Test(.enabled(if: tool != nil, "needs the planner executable built by `swift build` (swift test builds it)"), arguments: cases)
    func badInputGetsAClearErrorAndNothingIsLost(_ c: Case) throws {
        let dir = TemporaryFiles.folder()
        for (name, text) in c.files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tool!)
        process.currentDirectoryURL = URL(fileURLWithPath: Self.root)
        process.arguments = c.arguments.map { $0.replacingOccurrences(of: "$DIR", with: dir.path).replacingOccurrences(of: "$ROOT", with: Self.root) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "\(c.name): killed by a signal")
        #expect(process.terminationStatus != 0 && process.terminationStatus < 128, "\(c.name): exit \(process.terminationStatus)\n\(text)")
        #expect(!text.contains("Fatal error"), "\(c.name): a trap\n\(text)")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, "\(c.name): control bytes echoed")
        #expect(text.utf8.count < 10_000, "\(c.name): \(text.utf8.count) bytes of error; echoes of input are capped")
        for word in c.words { #expect(text.contains(word), "\(c.name): the error lacks '\(word)':\n\(text)") }
        if let status = c.status {
            #expect(process.terminationStatus == status, "\(c.name): exit \(process.terminationStatus), expected \(status)")
            #expect(text.contains("Usage:") == (status == 64), "\(c.name): a usage line only for a usage error\n\(text)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before, "\(c.name): files changed")
        for (name, text) in c.files {
            #expect(try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) == text, "\(c.name): \(name) changed")
        }
    }
}
