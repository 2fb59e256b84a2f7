/// The CIRR evaluation protocol (Liu et al., ICCV 2021; github.com/Cuberick-Orion/CIRR), exactly:
///
/// - each query is scored against the whole gallery of its split, the query's reference image
///   is removed from the ranking, and Recall@K (K = 1, 5, 10, 50) counts the target within the
///   first K;
/// - Recall_subset@K (K = 1, 2, 3) ranks only the query's `img_set` members other than the
///   reference (five in CIRR) and counts the target within the first K;
/// - Avg = (Recall@5 + Recall_subset@1) / 2; all in percent.
///
/// Ties are broken deterministically: equal scores rank in ascending gallery name (UTF-8 byte
/// order). docs/evaluation.md gives the details and the sources.
public enum CIRRProtocol {
    /// The K of Recall@K on the CIRR leaderboard.
    public static let recallKs = [1, 5, 10, 50]
    /// The K of Recall_subset@K on the CIRR leaderboard.
    public static let subsetKs = [1, 2, 3]

    /// Ranks every query: `scores` row `i` belongs to `queries[i]`, column `g` to `galleryNames[g]`.
    ///
    /// - Parameter depth: how many names to keep in `top` (default 50, what CIRR's server takes).
    ///   Recall@K does not depend on it: the target's rank is counted over the whole gallery.
    /// - Throws: `EvalError.shape` if the matrix does not match the queries and names;
    ///   `.duplicateGalleryName`; `.unknownImage` for a reference, target or subset member not in
    ///   the gallery; `.invalidArgument` for a negative depth or a target equal to its reference
    ///   (which the protocol removes, so it could never be found).
    public static func rank(scores: ScoreMatrix, galleryNames: [String], queries: [CIRRQuery], depth: Int = 50) throws(EvalError) -> [CIRRRankedQuery] {
        guard scores.queries == queries.count, scores.gallery == galleryNames.count else {
            throw .shape("scores are [\(scores.queries), \(scores.gallery)] but there are \(queries.count) queries and \(galleryNames.count) gallery names")
        }
        guard depth >= 0 else { throw .invalidArgument("depth must be ≥ 0, got \(depth)") }
        let order = try RankingOrder(names: galleryNames)
        var ranked: [CIRRRankedQuery] = []
        ranked.reserveCapacity(queries.count)
        try scores.values.withUnsafeBufferPointer { (all) throws(EvalError) in
            for (number, query) in queries.enumerated() {
                let row = UnsafeBufferPointer(rebasing: all[number * scores.gallery ..< (number + 1) * scores.gallery])
                ranked.append(try rankOne(query, number: number, row: row, order: order, depth: depth))
            }
        }
        return ranked
    }

    /// Scores `queryEmbeddings` `[Q, D]` against `galleryEmbeddings` `[G, D]` (L2-normalised rows,
    /// so dot product = cosine), then ranks as `rank(scores:galleryNames:queries:depth:)`.
    public static func rank(
        queryEmbeddings: Embeddings, galleryEmbeddings: Embeddings, galleryNames: [String], queries: [CIRRQuery], depth: Int = 50
    ) throws(EvalError) -> [CIRRRankedQuery] {
        let scores = try ScoreMatrix.cosine(queries: queryEmbeddings, gallery: galleryEmbeddings)
        return try rank(scores: scores, galleryNames: galleryNames, queries: queries, depth: depth)
    }

    private static func rankOne(_ query: CIRRQuery, number: Int, row: UnsafeBufferPointer<Float>, order: RankingOrder, depth: Int) throws(EvalError) -> CIRRRankedQuery {
        func lookup(_ name: String, _ role: String) throws(EvalError) -> Int {
            guard let index = order.index(of: name) else {
                throw .unknownImage(query: number, id: query.id, role: role, name: name)
            }
            return index
        }
        let reference = try lookup(query.reference, "reference")
        var target: Int?
        if let name = query.target {
            let index = try lookup(name, "target")
            if index == reference {
                throw .invalidArgument("query \(number) (id '\(query.id)'): the target '\(name)' is the reference image, which the protocol removes from the ranking")
            }
            target = index
        }
        let top = order.top(depth, scores: row, excluding: reference).map { order.names[$0] }
        let targetRank = target.map { order.rank(of: $0, scores: row, excluding: reference) }

        var subsetNames: [String]?
        var subsetTargetRank: Int?
        if let members = query.subset {
            var seen = Set<Int>()
            var items: [Int] = []
            for name in members {
                let index = try lookup(name, "subset member")
                if index != reference && seen.insert(index).inserted { items.append(index) }
            }
            let sorted = order.sorted(items, scores: row)
            subsetNames = sorted.map { order.names[$0] }
            if let target, let position = sorted.firstIndex(of: target) { subsetTargetRank = position + 1 }
        }
        return CIRRRankedQuery(id: query.id, top: top, targetRank: targetRank, subset: subsetNames, subsetTargetRank: subsetTargetRank)
    }

    /// The CIRR metrics of ranked queries. Queries without a target are left out; queries without
    /// a subset are left out of Recall_subset only.
    /// - Throws: `EvalError.nothingToEvaluate` when no query has a target (CIRR test1: write the
    ///   submission files instead).
    public static func metrics(_ ranked: [CIRRRankedQuery]) throws(EvalError) -> CIRRMetrics {
        let scored = ranked.compactMap(\.targetRank)
        guard !scored.isEmpty else {
            throw .nothingToEvaluate("no query has a target (CIRR test1? write the submission files with CIRRSubmission instead)")
        }
        let subsetScored = ranked.filter { $0.targetRank != nil && $0.subset != nil }.map(\.subsetTargetRank)
        func percent(_ hits: Int, _ total: Int) -> Double { Double(hits) * 100 / Double(total) }
        func recall(_ k: Int) -> Double { percent(scored.filter { $0 <= k }.count, scored.count) }
        func subsetRecall(_ k: Int) -> Double? {
            subsetScored.isEmpty ? nil : percent(subsetScored.filter { ($0 ?? .max) <= k }.count, subsetScored.count)
        }
        let r5 = recall(5)
        let rs1 = subsetRecall(1)
        return CIRRMetrics(
            recallAt1: recall(1), recallAt5: r5, recallAt10: recall(10), recallAt50: recall(50),
            subsetRecallAt1: rs1, subsetRecallAt2: subsetRecall(2), subsetRecallAt3: subsetRecall(3),
            average: rs1.map { (r5 + $0) / 2 }, queries: scored.count, subsetQueries: subsetScored.count)
    }

    /// Recall@K of each group of queries, groups in ascending order: `groups[i]` labels
    /// `ranked[i]` (the trainer passes the number of conditions to get Recall@1 by 1, 2 and 3
    /// conditions). Queries without a target are left out; groups with none are not listed.
    /// - Throws: `EvalError.shape` if `groups` and `ranked` differ in length;
    ///   `.invalidArgument` for a K < 1.
    public static func recallByGroup<Group: Hashable & Comparable & Sendable>(
        _ ranked: [CIRRRankedQuery], groups: [Group], ks: [Int] = recallKs
    ) throws(EvalError) -> [GroupRecall<Group>] {
        guard groups.count == ranked.count else {
            throw .shape("\(groups.count) group labels for \(ranked.count) queries")
        }
        if let bad = ks.first(where: { $0 < 1 }) { throw .invalidArgument("K must be ≥ 1, got \(bad)") }
        var ranksByGroup: [Group: [Int]] = [:]
        for (query, group) in zip(ranked, groups) {
            if let rank = query.targetRank { ranksByGroup[group, default: []].append(rank) }
        }
        return ranksByGroup.keys.sorted().map { group in
            let ranks = ranksByGroup[group]!
            var recallAt: [Int: Double] = [:]
            for k in ks { recallAt[k] = Double(ranks.filter { $0 <= k }.count) * 100 / Double(ranks.count) }
            return GroupRecall(group: group, queries: ranks.count, recallAt: recallAt)
        }
    }
}
