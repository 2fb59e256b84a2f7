/// What every gallery index answers (STYLE: one index interface; the exact scan is the oracle an
/// approximate index such as HNSW is measured against).
///
/// Contract of `search` (DESIGN §4): cosine similarity of `query` (`[D]`, any non-zero length;
/// normalised here) to every stored item, best `k` first, equal scores ordered by id; items whose
/// metadata fails `filter`, and ids in `excludeIDs`, are removed before ranking, so the result has
/// `min(k, matching items)` entries. Unknown ids in `excludeIDs` are ignored. Throws
/// `GalleryError.invalidQuery` for `k < 1` or a query of the wrong dimension, with non-finite
/// values, or of zero length.
public protocol GalleryIndex {
    /// Items searchable now.
    var count: Int { get }

    func search(query: [Float], k: Int, filter: GalleryFilter?, excludeIDs: Set<String>) throws(GalleryError) -> [GalleryHit]
}

extension GalleryIndex {
    /// The query normalised to unit length, after the checks `search` promises.
    static func normalisedQuery(_ query: [Float], dimension: Int, k: Int) throws(GalleryError) -> [Float] {
        guard k >= 1 else { throw .invalidQuery("k is \(k); it must be at least 1") }
        guard query.count == dimension else {
            throw .invalidQuery("query has \(query.count) dimensions, the gallery has \(dimension)")
        }
        guard query.allSatisfy(\.isFinite) else { throw .invalidQuery("query contains a non-finite value") }
        guard query.contains(where: { $0 != 0 }) else { throw .invalidQuery("query is the zero vector") }
        return EmbeddingMath.normalised(query)
    }
}
