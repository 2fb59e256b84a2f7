/// Recall@K of the queries sharing one group label (e.g. the number of conditions in the
/// modification text), in percent.
public struct GroupRecall<Group: Hashable & Comparable & Sendable>: Sendable, Equatable {
    /// The label.
    public var group: Group
    /// Queries with this label that have a target.
    public var queries: Int
    /// Recall@K in percent, for each K asked for.
    public var recallAt: [Int: Double]

    public init(group: Group, queries: Int, recallAt: [Int: Double]) {
        self.group = group
        self.queries = queries
        self.recallAt = recallAt
    }
}
