/// The CIRR protocol's result for one query: its rankings and where the target landed.
public struct CIRRRankedQuery: Sendable, Hashable {
    /// The query's id.
    public var id: String
    /// Gallery names best first with the reference removed, the first `depth` of them (50 by
    /// default: what CIRR's server takes for Recall).
    public var top: [String]
    /// 1-based rank of the target in the whole gallery ranking with the reference removed
    /// (independent of `depth`); nil when the query has no target.
    public var targetRank: Int?
    /// The subset members other than the reference (each once), best first; nil when the query has
    /// no subset.
    public var subset: [String]?
    /// 1-based rank of the target within `subset`; nil when there is no target, no subset, or the
    /// target is not a member (a miss at every K).
    public var subsetTargetRank: Int?

    public init(id: String, top: [String], targetRank: Int?, subset: [String]?, subsetTargetRank: Int?) {
        self.id = id
        self.top = top
        self.targetRank = targetRank
        self.subset = subset
        self.subsetTargetRank = subsetTargetRank
    }
}
