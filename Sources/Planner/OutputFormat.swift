import ArgumentParser
import PlannerKit
import Foundation

/// How a command reports numbers: aligned text for people, JSON for automation.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Options every reporting command shares.
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text
}
