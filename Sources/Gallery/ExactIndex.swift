/// Exact cosine top-k: one pass of `DotKernel.dot` over the contiguous matrix with a bounded
/// heap (`TopK`). Filters and exclusions are checked only for candidates that would enter the
/// heap, which is equivalent to filtering first (they never displace a matching item) and
/// cheaper for broad filters.
///
/// Not thread-safe on its own: it reads `GalleryState`, which `GalleryStore` guards.
struct ExactIndex: GalleryIndex {
    let state: GalleryState

    var count: Int { state.count }

    func search(query: [Float], k: Int, filter: GalleryFilter?, excludeIDs: Set<String>) throws(GalleryError) -> [GalleryHit] {
        let d = state.dimension
        let q = try Self.normalisedQuery(query, dimension: d, k: k)
        let n = state.count
        guard n > 0 else { return [] }
        var excludedRows = Set<Int>()
        for id in excludeIDs { if let r = state.rowOf[id] { excludedRows.insert(r) } }
        let metadata = state.metadata
        var top = TopK(k: min(k, n), ids: state.ids)
        let matrix = state.matrix.base
        q.withUnsafeBufferPointer { qb in
            let qp = qb.baseAddress!
            for r in 0..<n {
                let s = DotKernel.dot(matrix + r * d, qp, d)
                guard top.admits(s) else { continue }
                if !excludedRows.isEmpty && excludedRows.contains(r) { continue }
                if let filter, !filter.matches(metadata[r]) { continue }
                top.offer(score: s, row: r)
            }
        }
        let ids = state.ids
        return top.sorted().map { GalleryHit(id: ids[$0.row], score: $0.score) }
    }
}
