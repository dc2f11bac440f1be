import Foundation
import Profiling

/// Reads a text file line by line in 64 KiB chunks, so memory does not grow with the file.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var finished = false
    private(set) var lineNumber = 0

    init(path: String) throws(InputError) {
        try InputError.checkReadableFile(path)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError.unreadable(path) }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                lineNumber += 1
                return String(decoding: line, as: UTF8.self)
            }
            if finished {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                lineNumber += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            let chunk = (try? handle.read(upToCount: 1 << 16)) ?? nil
            if let chunk, !chunk.isEmpty { buffer.append(chunk) } else { finished = true }
        }
    }
}
