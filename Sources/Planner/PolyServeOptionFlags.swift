import ArgumentParser
import PlannerKit

/// PolyServe's readings and options on the command line (simulate, goodput, bench policies).
struct PolyServeOptionFlags: ParsableArguments {
    @Option(help: "PolyServe's steady-state token batch: decode-only (default, the spec's plain reading) or amortised-prefill (the first version's).")
    var steadyBatch: SteadyBatch = .decodeOnly
    @Flag(help: "PolyServe may borrow a looser bin's server before a request waits (an option, not in the paper).")
    var borrowLooserServers = false
    @Flag(help: "Dynamic chunking may spend deadline slack: iterations last until the earliest next-token deadline (an option, not in the paper).")
    var deadlineAwareChunks = false
    @Flag(help: "With prefix caching, PolyServe sends a request first to its bin's server holding the longest prefix of its prompt (an option, not in the paper).")
    var prefixAffinity = false

    var options: PolyServeOptions {
        PolyServeOptions(steadyBatch: steadyBatch, borrowLooserServers: borrowLooserServers, deadlineAwareChunks: deadlineAwareChunks, prefixAffinity: prefixAffinity)
    }
}
