extension Array {
    /// Removes every element and keeps the buffer, one `removeLast()` at a
    /// time: `removeAll(keepingCapacity: true)` goes through the generic
    /// `replaceSubrange`, whose fixed cost showed in the event loop's profile
    /// for the short buffers (zero to a few elements) emptied every event. O(count).
    @inline(__always)
    mutating func removeAllKeepingBuffer() {
        while !isEmpty { removeLast() }
    }
}
