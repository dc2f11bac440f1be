import Foundation

/// Results filled in by worker threads, each slot written once under the lock.
private final class ResultSlots<R>: @unchecked Sendable {
    let lock = NSLock()
    var results: [R?]
    var error: Error?
    init(count: Int) { results = Array(repeating: nil, count: count) }
}

/// Maps independent work over at most `jobs` threads, keeping input order, so
/// the results equal a serial run's. Each element must be deterministic on its own.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) throws -> R) throws -> [R] {
    let slots = ResultSlots<R>(count: items.count)
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = max(1, jobs)
    for (index, item) in items.enumerated() {
        queue.addOperation {
            do {
                let r = try transform(item)
                slots.lock.withLock { slots.results[index] = r }
            } catch {
                slots.lock.withLock { if slots.error == nil { slots.error = error } }
            }
        }
    }
    queue.waitUntilAllOperationsAreFinished()
    if let error = slots.error { throw error }
    return slots.results.map { $0! }
}
