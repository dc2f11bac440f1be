import HeapModule

/// One instance's cache of prompt blocks by prefix (vLLM's automatic prefix
/// caching, SGLang's radix cache): the blocks of every prompt it prefilled
/// stay in its KV cache after the request ends, until the space is needed,
/// and a later prompt that begins with cached blocks prefills only the rest.
///
/// The cached blocks form a tree (a key's parent is the key before it in its
/// chain) that stays closed under parents: a block is evicted only when no
/// running request uses it and no cached block follows it, the least
/// recently used such leaf first (SGLang's radix-tree rule; vLLM frees the
/// unused blocks of a prefix tail first). Each block counts `blockTokens`
/// tokens against the KV cache, once, however many requests share it.
struct PrefixCache {
    struct Block {
        var parent: UInt64?
        /// Running requests whose prompt holds it.
        var users = 0
        /// Cached blocks that follow it.
        var children = 0
        var lastUse = 0.0
    }

    /// A leaf no request uses, by when it was last used; stale once the block changed.
    struct Candidate: Comparable {
        var lastUse: Double
        var key: UInt64
        static func < (a: Candidate, b: Candidate) -> Bool { (a.lastUse, a.key) < (b.lastUse, b.key) }
    }

    let blockTokens: Int
    private(set) var blocks: [UInt64: Block] = [:]
    /// Blocks no running request uses: what eviction may free.
    private(set) var unusedBlocks = 0
    private var candidates = Heap<Candidate>()

    init(blockTokens: Int) { self.blockTokens = blockTokens }

    /// Tokens the cached blocks hold.
    var cachedTokens: Int { blocks.count * blockTokens }
    /// Tokens eviction could free.
    var evictableTokens: Int { unusedBlocks * blockTokens }

    /// Leading blocks of `blocks` blocks of `chain` that are cached. O(hit).
    func hit(_ table: PrefixTable, chain: Int, blocks count: Int) -> Int {
        var n = 0
        while n < count, self.blocks[table.key(chain, n)] != nil { n += 1 }
        return n
    }

    /// A request starts using blocks `start..<end` of `chain` (it already
    /// uses those before `start`), cached or, after its prefill, added now.
    /// Returns how many were added: blocks whose tokens move from the
    /// request's own KV into the cache (the others it computed again are freed). O(end − start).
    @discardableResult
    mutating func use(_ table: PrefixTable, chain: Int, from start: Int = 0, to end: Int, now: Double) -> Int {
        var added = 0
        var parent: UInt64? = start > 0 ? table.key(chain, start - 1) : nil
        for i in start..<end {
            let key = table.key(chain, i)
            if blocks[key] == nil {
                blocks[key] = Block(parent: parent)
                if let parent { blocks[parent]!.children += 1 }
                added += 1
            } else if blocks[key]!.users == 0 {
                unusedBlocks -= 1
            }
            blocks[key]!.users += 1
            blocks[key]!.lastUse = now
            parent = key
        }
        return added
    }

    /// A request stops using the first `count` blocks of `chain` (it ended or was preempted). O(count · log n).
    mutating func release(_ table: PrefixTable, chain: Int, blocks count: Int, now: Double) {
        for i in 0..<count {
            let key = table.key(chain, i)
            blocks[key]!.users -= 1
            blocks[key]!.lastUse = now
            if blocks[key]!.users == 0 {
                unusedBlocks += 1
                if blocks[key]!.children == 0 { candidates.insert(Candidate(lastUse: now, key: key)) }
            }
        }
    }

    /// Evicts unused leaves, least recently used first, until `tokens` are
    /// freed or none is left. Returns the tokens freed. O(evicted · log n).
    mutating func evict(tokens: Int) -> Int {
        var freed = 0
        while freed < tokens, let c = candidates.popMin() {
            // A candidate is current if its block is still an unused leaf last used when it was queued.
            guard let b = blocks[c.key], b.users == 0, b.children == 0, b.lastUse == c.lastUse else { continue }
            blocks[c.key] = nil
            unusedBlocks -= 1
            freed += blockTokens
            if let p = b.parent {
                blocks[p]!.children -= 1
                let parent = blocks[p]!
                if parent.users == 0, parent.children == 0 { candidates.insert(Candidate(lastUse: parent.lastUse, key: p)) }
            }
        }
        return freed
    }

    /// Checks the tree against `uses` (every running request's chain and
    /// blocks held): users, children, closure under parents, the unused count,
    /// and that every unused leaf can be found for eviction. O(n log n).
    func _checkInvariants(_ table: PrefixTable, uses: [(chain: Int, blocks: Int)]) {
        var users: [UInt64: Int] = [:], children: [UInt64: Int] = [:]
        for u in uses { for i in 0..<u.blocks { users[table.key(u.chain, i), default: 0] += 1 } }
        for (key, b) in blocks {
            precondition(b.users == users[key, default: 0], "block \(key): \(b.users) users, \(users[key, default: 0]) hold it")
            if let p = b.parent {
                precondition(blocks[p] != nil, "block \(key) is cached without its parent \(p)")
                children[p, default: 0] += 1
            }
        }
        precondition(blocks.allSatisfy { $0.value.children == children[$0.key, default: 0] }, "a block's child count is off")
        precondition(blocks.values.filter { $0.users == 0 }.count == unusedBlocks, "unused blocks miscounted")
        let queued = Set(candidates.unordered.filter { blocks[$0.key]?.lastUse == $0.lastUse }.map(\.key))
        for (key, b) in blocks where b.users == 0 && b.children == 0 {
            precondition(queued.contains(key), "unused leaf \(key) cannot be evicted")
        }
    }
}
