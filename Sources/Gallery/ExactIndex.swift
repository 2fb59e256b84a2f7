import Dispatch

/// Exact cosine top-k: one pass of `DotKernel.dot` over the contiguous matrix with a bounded
/// heap (`TopK`). Filters and exclusions are checked only for candidates that would enter the
/// heap, which is equivalent to filtering first (they never displace a matching item) and
/// cheaper for broad filters.
///
/// Large galleries are scanned in `threads` row ranges at once, each with its own heap, merged
/// at the end; the order (score, then id) is total, so the result does not depend on the split.
/// The scan is bound by memory bandwidth (docs/gallery-format.md §Performance), which one core
/// does not saturate.
///
/// Not thread-safe on its own: it reads `GalleryState`, which `GalleryStore` guards.
struct ExactIndex: GalleryIndex {
    let state: GalleryState
    /// Row ranges scanned at once for galleries of at least `parallelMinFloats` floats.
    var threads = 2
    /// Below this many stored floats (default 1M, 4 MB) one thread is faster than waking another.
    var parallelMinFloats = 1 << 20

    var count: Int { state.count }

    func search(query: [Float], k: Int, filter: GalleryFilter?, excludeIDs: Set<String>) throws(GalleryError) -> [GalleryHit] {
        let d = state.dimension
        let q = try Self.normalisedQuery(query, dimension: d, k: k)
        let n = state.count
        guard n > 0 else { return [] }
        var excludedRows = Set<Int>()
        for id in excludeIDs { if let r = state.rowOf[id] { excludedRows.insert(r) } }
        let scan = Scan(state: state, k: min(k, n), filter: filter, excludedRows: excludedRows)
        let parts = n * d >= parallelMinFloats ? max(1, min(threads, 16)) : 1
        var top: TopK
        if parts == 1 {
            top = q.withUnsafeBufferPointer { scan.run(rows: 0..<n, query: $0.baseAddress!) }
        } else {
            let results = PartResults(scan: scan, query: q, parts: parts, rows: n)
            DispatchQueue.concurrentPerform(iterations: parts) { results.run(part: $0) }
            top = TopK(k: min(k, n), ids: state.ids)
            for part in results.all { for c in part.heap { top.offer(score: c.score, row: c.row) } }
        }
        let ids = state.ids
        return top.sorted().map { GalleryHit(id: ids[$0.row], score: $0.score) }
    }

    /// One scan over a row range (read-only over the state; safe to run on several threads).
    private struct Scan: @unchecked Sendable {
        let state: GalleryState
        let k: Int
        let filter: GalleryFilter?
        let excludedRows: Set<Int>

        func run(rows: Range<Int>, query qp: UnsafePointer<Float>) -> TopK {
            let d = state.dimension
            let matrix = state.matrix.base
            let metadata = state.metadata
            var top = TopK(k: k, ids: state.ids)
            for r in rows {
                let s = DotKernel.dot(matrix + r * d, qp, d)
                guard top.admits(s) else { continue }
                if !excludedRows.isEmpty && excludedRows.contains(r) { continue }
                if let filter, !filter.matches(metadata[r]) { continue }
                top.offer(score: s, row: r)
            }
            return top
        }
    }

    /// The parts of a parallel scan: one result slot per part, each written by exactly one thread
    /// and read after `concurrentPerform` returns.
    private final class PartResults: @unchecked Sendable {
        let scan: Scan
        let query: [Float]
        let parts: Int
        let rows: Int
        private let slots: UnsafeMutablePointer<TopK?>

        init(scan: Scan, query: [Float], parts: Int, rows: Int) {
            self.scan = scan
            self.query = query
            self.parts = parts
            self.rows = rows
            slots = .allocate(capacity: parts)
            slots.initialize(repeating: nil, count: parts)
        }

        deinit {
            slots.deinitialize(count: parts)
            slots.deallocate()
        }

        func run(part p: Int) {
            let range = (p * rows / parts)..<((p + 1) * rows / parts)
            slots[p] = query.withUnsafeBufferPointer { scan.run(rows: range, query: $0.baseAddress!) }
        }

        var all: [TopK] { (0..<parts).compactMap { slots[$0] } }
    }
}
