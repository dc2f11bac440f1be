/// The cacheable prompt prefixes of a run, as chains of block keys: a
/// request's prompt begins with the blocks of its chain, and two requests
/// whose chains agree on their first `n` keys share their first `n` blocks
/// of prompt, whose KV an engine's prefix cache computes once (docs/prefix-caching.md).
///
/// A key names a block together with everything before it (Mooncake's
/// `hash_ids`; vLLM hashes each block with its parent's hash), so a key
/// always has the same parent key: the chains form a tree. A trace's chains
/// are stored; generated system prompts' and sessions' are computed.
///
/// A session's chain is its whole conversation, block by block: its system
/// prompt's blocks (shared with every session of that prompt), then its own.
/// Each turn's prompt holds a longer stretch of it, and the blocks a reply
/// wrote are the next turn's prompt blocks, so an engine that keeps a
/// finished request's blocks serves the next turn's history from cache.
public struct PrefixTable: Sendable, Equatable {
    /// Tokens of one block (vLLM's 16; Mooncake's hash blocks are 512).
    public let blockTokens: Int
    private var keys: [UInt64] = []
    private var starts: [Int] = [0]
    /// Generated system prompts: each chain's first key (its blocks are that
    /// key plus the block's index) and its blocks, and each tier's first chain.
    private var generatedBase: [UInt64] = []
    private var generatedBlocks: [Int] = []
    private var firstChainOfTier: [Int?] = []
    private var isGenerated = false

    /// Tokens of a block of a generated prefix: vLLM's default block size.
    public static let generatedBlockTokens = 16

    public init(blockTokens: Int) {
        precondition(blockTokens > 0)
        self.blockTokens = blockTokens
    }

    /// The chains of `tiers`' system prompts (``Tier/SharedPrefix``): tier by tier, each prompt one chain.
    public init(systemPromptsOf tiers: [Tier]) {
        self.init(blockTokens: Self.generatedBlockTokens)
        isGenerated = true
        for (t, tier) in tiers.enumerated() {
            guard let p = tier.sharedPrefix else { firstChainOfTier.append(nil); continue }
            firstChainOfTier.append(generatedBase.count)
            for prompt in 0..<p.prompts {
                // Generated keys live in the upper half of the key space, apart from a trace's small integers.
                generatedBase.append((1 << 63) | UInt64(t) << 42 | UInt64(prompt) << 21)
                generatedBlocks.append(p.tokens / Self.generatedBlockTokens)
            }
        }
    }

    /// Session chains carry this bit; below it, a chain is an index.
    private static let sessionMark = 1 << 62
    private static let sessionBits = 31

    /// The chain of session `session`, which begins with system prompt chain
    /// `systemPrompt` (``systemPrompts(ofTier:)``) or none. O(1).
    func sessionChain(_ session: Int, systemPrompt: Int?) -> Int {
        precondition(isGenerated && session >= 0 && session < 1 << Self.sessionBits)
        return Self.sessionMark | (systemPrompt.map { $0 + 1 } ?? 0) << Self.sessionBits | session
    }

    /// Whether `chain` goes on past its prompt (a session's: its reply's blocks are the next turn's). O(1).
    @inline(__always)
    public func continuesPastPrompt(_ chain: Int) -> Bool { chain & Self.sessionMark != 0 }

    /// Appends a stored chain; returns its index. O(chain).
    @discardableResult
    public mutating func append<C: Collection>(_ chain: C) -> Int where C.Element == UInt64 {
        precondition(!isGenerated, "a table holds a trace's chains or generated ones")
        keys.append(contentsOf: chain)
        starts.append(keys.count)
        return starts.count - 2
    }

    /// The first chain of tier `tier`'s system prompts, and its blocks; `nil` if it has none. O(1).
    func systemPrompts(ofTier tier: Int) -> (first: Int, blocks: Int)? {
        guard tier < firstChainOfTier.count, let first = firstChainOfTier[tier] else { return nil }
        return (first, generatedBlocks[first])
    }

    /// Blocks in chain `chain`, a stored or system prompt chain (a session's has no end). O(1).
    public func length(_ chain: Int) -> Int {
        precondition(!continuesPastPrompt(chain), "a session's chain has no length")
        return isGenerated ? generatedBlocks[chain] : starts[chain + 1] - starts[chain]
    }

    /// The key of block `block` of chain `chain`. O(1).
    @inline(__always)
    public func key(_ chain: Int, _ block: Int) -> UInt64 {
        guard isGenerated else { return keys[starts[chain] + block] }
        guard continuesPastPrompt(chain) else { return generatedBase[chain] | UInt64(block) }
        let system = (chain >> Self.sessionBits) & ((1 << 21) - 1)
        if system > 0, block < generatedBlocks[system - 1] { return generatedBase[system - 1] | UInt64(block) }
        // A session's own keys: both top bits set, apart from system prompts' (tiers < 2^20) and a trace's.
        return 3 << 62 | UInt64(chain & ((1 << Self.sessionBits) - 1)) << 31 | UInt64(block)
    }
}

extension Workload {
    /// The run's prefix chains: a replayed trace's, or one per system prompt
    /// of every tier with `prefix:` and a session chain for each session;
    /// `nil` with none, or with `prefix_caching: false`.
    public var prefixTable: PrefixTable? {
        guard prefixCaching else { return nil }
        if case let .replay(trace, _) = arrivals { return trace.prefixes }
        guard tiers.contains(where: { $0.sharedPrefix != nil || $0.session != nil }) else { return nil }
        return PrefixTable(systemPromptsOf: tiers)
    }
}
