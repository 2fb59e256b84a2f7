/// The CIRCO evaluation protocol (Baldrati et al., ICCV 2023; github.com/miccunifi/CIRCO,
/// `src/evaluation.py`): mAP@K over several ground truths per query.
///
/// AP@K of one ranked list: with `rel(i)` = 1 when the item at position i (1-based) is a ground
/// truth, `P(i)` = (ground truths among the first i) / i,
/// `AP@K = Σ_{i ≤ K} P(i) · rel(i) / min(K, number of ground truths)`; mAP@K is its mean over the
/// queries. Rankings use the same total order as CIRR (score, then name in UTF-8 byte order).
/// CIRCO's and SEARLE's reference code rank the whole gallery without removing the reference, so
/// `excludeReference` defaults to false.
public enum CIRCOProtocol {
    /// The K of mAP@K CIRCO reports.
    public static let ks = [5, 10, 25, 50]

    /// AP@K of one ranked list, as a fraction in [0, 1] (definition in the type's comment).
    /// - Throws: `EvalError.invalidArgument` if K < 1, `groundTruths` is empty, or `ranked`
    ///   repeats a name (CIRCO's evaluator rejects duplicate predictions too).
    public static func averagePrecision(ranked: [String], groundTruths: Set<String>, k: Int) throws(EvalError) -> Double {
        guard k >= 1 else { throw .invalidArgument("K must be ≥ 1, got \(k)") }
        guard !groundTruths.isEmpty else { throw .invalidArgument("a query needs at least one ground truth") }
        if Set(ranked).count != ranked.count { throw .invalidArgument("the ranked list repeats a name") }
        var hits = 0
        var sum = 0.0
        for (position, name) in ranked.prefix(k).enumerated() where groundTruths.contains(name) {
            hits += 1
            sum += Double(hits) / Double(position + 1)
        }
        return sum / Double(min(k, groundTruths.count))
    }

    /// The first `depth` gallery names of every query, best first (for CIRCO's test-server file,
    /// which takes 50 per query): `scores` row `i` belongs to `queries[i]`.
    /// - Throws: as `evaluate`.
    public static func rank(
        scores: ScoreMatrix, galleryNames: [String], queries: [CIRCOQuery], depth: Int = 50, excludeReference: Bool = false
    ) throws(EvalError) -> [[String]] {
        guard scores.queries == queries.count, scores.gallery == galleryNames.count else {
            throw .shape("scores are [\(scores.queries), \(scores.gallery)] but there are \(queries.count) queries and \(galleryNames.count) gallery names")
        }
        guard depth >= 0 else { throw .invalidArgument("depth must be ≥ 0, got \(depth)") }
        let order = try RankingOrder(names: galleryNames)
        var lists: [[String]] = []
        lists.reserveCapacity(queries.count)
        try scores.values.withUnsafeBufferPointer { (all) throws(EvalError) in
            for (number, query) in queries.enumerated() {
                var excluded: Int?
                if let reference = query.reference, excludeReference {
                    guard let index = order.index(of: reference) else {
                        throw .unknownImage(query: number, id: query.id, role: "reference", name: reference)
                    }
                    excluded = index
                }
                let row = UnsafeBufferPointer(rebasing: all[number * scores.gallery ..< (number + 1) * scores.gallery])
                lists.append(order.top(depth, scores: row, excluding: excluded).map { order.names[$0] })
            }
        }
        return lists
    }

    /// mAP@5/10/25/50 of `queries` against the gallery.
    /// - Throws: `EvalError.shape`, `.duplicateGalleryName`; `.unknownImage` for a ground truth
    ///   (or, with `excludeReference`, a reference) not in the gallery; `.invalidArgument` for a
    ///   query without ground truths; `.nothingToEvaluate` for no queries.
    public static func evaluate(
        scores: ScoreMatrix, galleryNames: [String], queries: [CIRCOQuery], excludeReference: Bool = false
    ) throws(EvalError) -> CIRCOMetrics {
        guard !queries.isEmpty else { throw .nothingToEvaluate("no CIRCO queries") }
        let lists = try rank(scores: scores, galleryNames: galleryNames, queries: queries, depth: ks.max()!, excludeReference: excludeReference)
        let known = Set(galleryNames)
        for (number, query) in queries.enumerated() {
            if let missing = query.groundTruths.first(where: { !known.contains($0) }) {
                throw .unknownImage(query: number, id: query.id, role: "ground truth", name: missing)
            }
        }
        return try metrics(rankings: lists, queries: queries)
    }

    /// mAP@5/10/25/50 of rankings already made by `rank`: `rankings[i]` belongs to `queries[i]`
    /// and holds its first 50 names (fewer only when the gallery is smaller). This lets a caller
    /// rank a large gallery (CIRCO's, about 123,000 COCO images) a block of queries at a time and
    /// score once; it gives exactly what `evaluate` gives on the whole score matrix. The rankings
    /// hold no gallery, so a ground truth missing from it is not detected here: it is never found.
    /// - Throws: `EvalError.shape` if the counts differ; `.invalidArgument` for a query without
    ///   ground truths or a ranking that repeats a name; `.nothingToEvaluate` for no queries.
    public static func metrics(rankings: [[String]], queries: [CIRCOQuery]) throws(EvalError) -> CIRCOMetrics {
        guard !queries.isEmpty else { throw .nothingToEvaluate("no CIRCO queries") }
        guard rankings.count == queries.count else {
            throw .shape("\(rankings.count) rankings for \(queries.count) queries")
        }
        var sums = [Double](repeating: 0, count: ks.count)
        for (number, query) in queries.enumerated() {
            let truths = Set(query.groundTruths)
            guard !truths.isEmpty else { throw .invalidArgument("query \(number) (id '\(query.id)') has no ground truths") }
            for (slot, k) in ks.enumerated() {
                sums[slot] += try averagePrecision(ranked: rankings[number], groundTruths: truths, k: k)
            }
        }
        let mean = sums.map { $0 * 100 / Double(queries.count) }
        return CIRCOMetrics(mapAt5: mean[0], mapAt10: mean[1], mapAt25: mean[2], mapAt50: mean[3], queries: queries.count)
    }
}
