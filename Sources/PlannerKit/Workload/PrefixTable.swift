/// The cacheable prompt prefixes of a run, as chains of block keys: a
/// request's prompt begins with the blocks of its chain, and two requests
/// whose chains agree on their first `n` keys share their first `n` blocks
/// of prompt, whose KV an engine's prefix cache computes once (docs/prefix-caching.md).
///
/// A key names a block together with everything before it (Mooncake's
/// `hash_ids`; vLLM hashes each block with its parent's hash), so a key
/// always has the same parent key: the chains form a tree. A trace's chains
/// are stored; generated system prompts' are computed.
public struct PrefixTable: Sendable, Equatable {
    /// Tokens of one block (vLLM's 16; Mooncake's hash blocks are 512).
    public let blockTokens: Int
    private var keys: [UInt64] = []
    private var starts: [Int] = [0]
    /// Generated system prompts: per tier with a prefix, its first chain, prompts and blocks.
    private var generated: [(tier: Int, first: Int, prompts: Int, blocks: Int)] = []

    /// Tokens of a block of a generated prefix: vLLM's default block size.
    public static let generatedBlockTokens = 16

    public init(blockTokens: Int) {
        precondition(blockTokens > 0)
        self.blockTokens = blockTokens
    }

    /// The chains of `tiers`' system prompts (``Tier/SharedPrefix``): tier by tier, each prompt one chain.
    public init(systemPromptsOf tiers: [Tier]) {
        self.init(blockTokens: Self.generatedBlockTokens)
        var next = 0
        for (t, tier) in tiers.enumerated() {
            guard let p = tier.sharedPrefix else { continue }
            generated.append((t, next, p.prompts, p.tokens / Self.generatedBlockTokens))
            next += p.prompts
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.blockTokens == b.blockTokens && a.keys == b.keys && a.starts == b.starts
            && a.generated.elementsEqual(b.generated) { $0 == $1 }
    }

    /// Appends a stored chain; returns its index. O(chain).
    @discardableResult
    public mutating func append<C: Collection>(_ chain: C) -> Int where C.Element == UInt64 {
        precondition(generated.isEmpty, "a table holds a trace's chains or generated ones")
        keys.append(contentsOf: chain)
        starts.append(keys.count)
        return starts.count - 2
    }

    /// The first chain of tier `tier`'s system prompts, and its blocks; `nil` if it has none. O(tiers).
    func systemPrompts(ofTier tier: Int) -> (first: Int, blocks: Int)? {
        generated.first { $0.tier == tier }.map { ($0.first, $0.blocks) }
    }

    /// Blocks in chain `chain`. O(tiers).
    public func length(_ chain: Int) -> Int {
        if generated.isEmpty { return starts[chain + 1] - starts[chain] }
        return generated.first { chain >= $0.first && chain < $0.first + $0.prompts }!.blocks
    }

    /// The key of block `block` of chain `chain`. O(1) stored, O(tiers) generated.
    @inline(__always)
    public func key(_ chain: Int, _ block: Int) -> UInt64 {
        if generated.isEmpty { return keys[starts[chain] + block] }
        let g = generated.first { chain >= $0.first && chain < $0.first + $0.prompts }!
        // Generated keys live in the upper half of the key space, apart from a trace's small integers.
        return (1 << 63) | UInt64(g.tier) << 42 | UInt64(chain - g.first) << 21 | UInt64(block)
    }
}

extension Workload {
    /// The run's prefix chains: a replayed trace's, or one per system prompt
    /// of every tier with `prefix:`; `nil` with none, or with `prefix_caching: false`.
    public var prefixTable: PrefixTable? {
        guard prefixCaching else { return nil }
        if case let .replay(trace, _) = arrivals { return trace.prefixes }
        guard tiers.contains(where: { $0.sharedPrefix != nil }) else { return nil }
        return PrefixTable(systemPromptsOf: tiers)
    }
}
