/// A run that started well and could not give an answer (no goodput, the pool
/// limit reached, a child process failed). Unlike a `ValidationError` it
/// exits 1, not the usage error's 64, and prints no usage line: the flags
/// were right, the outcome was not.
struct RuntimeFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
