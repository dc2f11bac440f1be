import Foundation

/// A one-line bar on standard error: step, percentage, elapsed and an estimate of time left.
/// The tool shows it only when standard error is a terminal.
public final class TerminalProgress: PlanProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var step = "", units = 1, done = 0, stepIndex = 0
    private let steps: Int
    private var started = Date()

    public init(steps: Int) { self.steps = steps }

    public func begin(_ step: String, units: Int) {
        lock.withLock {
            self.step = step; self.units = max(units, 1); done = 0; stepIndex += 1; started = Date()
            draw()
        }
    }

    public func advance() { lock.withLock { done += 1; draw() } }

    public func finish() { lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }

    private func draw() {
        let elapsed = Date().timeIntervalSince(started)
        let fraction = Double(done) / Double(units)
        let width = 20, filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let left = done > 0 ? String(format: ", ~%.0f s left", elapsed / fraction - elapsed) : ""
        let line = String(format: "\r\u{1B}[K[%d/%d] %@ [%@] %3.0f%% (%.0f s%@)", stepIndex, steps, step, bar, fraction * 100, elapsed, left)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
