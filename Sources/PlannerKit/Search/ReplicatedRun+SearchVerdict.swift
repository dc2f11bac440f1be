extension ReplicatedRun.Evaluation: SearchVerdict {
    public var bindingTier: String? { meets ? nil : tiers.binding?.tier }
    public var replicationsRun: Int { results.count }
    /// A tier without a margin (nothing measured) counts as missing most.
    public var mostMissingTier: Int? {
        tiers.indices.min { (tiers[$0].margin ?? -.infinity) < (tiers[$1].margin ?? -.infinity) }
    }
    /// A tier without a margin counts as −1 (all missed).
    public var lowestMargin: Double { tiers.map { $0.margin ?? -1 }.min() ?? -1 }
}
