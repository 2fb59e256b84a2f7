/// A bounded heap keeping the best `k` (score, row) pairs seen: O(log k) per accepted candidate,
/// O(1) for the (common) candidate worse than the current k-th.
///
/// Order: higher score first; equal scores by smaller id (byte order), so results are
/// deterministic whatever the row order in memory.
struct TopK {
    let k: Int
    private(set) var heap: [(score: Float, row: Int)] = []
    private let ids: [String]

    /// `ids` maps rows to ids for the tie-break.
    init(k: Int, ids: [String]) {
        self.k = k
        self.ids = ids
        heap.reserveCapacity(k)
    }

    /// True when `a` ranks after `b`.
    @inline(__always)
    private func worse(_ a: (score: Float, row: Int), _ b: (score: Float, row: Int)) -> Bool {
        a.score < b.score || (a.score == b.score && ids[a.row] > ids[b.row])
    }

    /// Whether a candidate with `score` could enter (cheap pre-check before filters run).
    @inline(__always)
    func admits(_ score: Float) -> Bool { heap.count < k || score >= heap[0].score }

    mutating func offer(score: Float, row: Int) {
        let c = (score: score, row: row)
        if heap.count < k {
            heap.append(c)
            var i = heap.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                guard worse(heap[i], heap[p]) else { break }
                heap.swapAt(i, p)
                i = p
            }
        } else if worse(heap[0], c) {
            heap[0] = c
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && worse(heap[l], heap[m]) { m = l }
                if r < heap.count && worse(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
    }

    /// The kept pairs, best first.
    func sorted() -> [(score: Float, row: Int)] {
        heap.sorted { worse($1, $0) }
    }
}
