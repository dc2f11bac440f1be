import Foundation

extension InputError {
    /// Why `path` cannot be read as a file: missing, a folder, or not readable.
    public static func unreadable(_ path: String) -> InputError {
        var isFolder: ObjCBool = false
        let fm = FileManager.default
        if !fm.fileExists(atPath: path, isDirectory: &isFolder) { return InputError(source: path, "no such file") }
        if isFolder.boolValue { return InputError(source: path, "is a folder; expected a file") }
        if !fm.isReadableFile(atPath: path) { return InputError(source: path, "cannot be read (permission denied)") }
        return InputError(source: path, "cannot be read")
    }

    /// Throws ``unreadable(_:)``'s error unless `path` is a readable regular file
    /// (not a folder), and refuses a FIFO, device or socket by name: reading one
    /// can block for ever (`/dev/zero` never ends, a FIFO waits for a writer).
    public static func checkReadableFile(_ path: String) throws(InputError) {
        var isFolder: ObjCBool = false
        let fm = FileManager.default
        guard fm.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue, fm.isReadableFile(atPath: path) else {
            throw unreadable(path)
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let type = (try? fm.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType, type != .typeRegular {
            throw InputError(source: path, "is not a regular file (a pipe, device or socket); expected a file")
        }
    }

    /// The bytes of the file at `path`, or an error that says why not.
    public static func contents(of path: String) throws(InputError) -> Data {
        try checkReadableFile(path)
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable(path) }
        return data
    }

    /// Text from a file made safe to echo in a message: at most `limit`
    /// characters, anything but printable ASCII shown as `?`, so a binary file's
    /// bytes never reach the terminal.
    public static func printable(_ text: some StringProtocol, limit: Int = 60) -> String {
        cut(text, limit: limit) { (0x20...0x7E).contains($0.value) }
    }

    /// A message made safe for a terminal: at most `limit` characters; line
    /// breaks, tabs and printable characters kept (the messages' own × and …
    /// among them), control and format characters shown as `?`.
    static func displayable(_ text: some StringProtocol, limit: Int) -> String {
        cut(text, limit: limit) { scalar in
            if scalar == "\n" || scalar == "\t" { return true }
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: return false
            default: return true
            }
        }
    }

    /// The first `limit` scalars, each kept or shown as `?`, and how many more there were.
    private static func cut(_ text: some StringProtocol, limit: Int, keeping keep: (Unicode.Scalar) -> Bool) -> String {
        let shown = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit).map { keep($0) ? $0 : "?" }))
        let rest = text.unicodeScalars.count - limit
        return shown + (rest > 0 ? "… (\(rest) more characters)" : "")
    }
}
