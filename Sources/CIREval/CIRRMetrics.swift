/// CIRR's metrics, in percent as on the CIRR leaderboard (hits × 100 / queries).
public struct CIRRMetrics: Sendable, Equatable, Codable {
    /// Recall@K: share of queries whose target is among the first K of the gallery ranking with
    /// the reference removed.
    public var recallAt1: Double
    public var recallAt5: Double
    public var recallAt10: Double
    public var recallAt50: Double
    /// Recall_subset@K: share of queries whose target is among the first K of their subset
    /// members ranked without the reference; nil when no query has a subset.
    public var subsetRecallAt1: Double?
    public var subsetRecallAt2: Double?
    public var subsetRecallAt3: Double?
    /// (Recall@5 + Recall_subset@1) / 2, the leaderboard's "Avg"; nil without subsets.
    public var average: Double?
    /// Queries scored for Recall@K (those with a target).
    public var queries: Int
    /// Queries scored for Recall_subset@K (those with a target and a subset).
    public var subsetQueries: Int

    public init(
        recallAt1: Double, recallAt5: Double, recallAt10: Double, recallAt50: Double,
        subsetRecallAt1: Double?, subsetRecallAt2: Double?, subsetRecallAt3: Double?,
        average: Double?, queries: Int, subsetQueries: Int
    ) {
        self.recallAt1 = recallAt1
        self.recallAt5 = recallAt5
        self.recallAt10 = recallAt10
        self.recallAt50 = recallAt50
        self.subsetRecallAt1 = subsetRecallAt1
        self.subsetRecallAt2 = subsetRecallAt2
        self.subsetRecallAt3 = subsetRecallAt3
        self.average = average
        self.queries = queries
        self.subsetQueries = subsetQueries
    }
}
