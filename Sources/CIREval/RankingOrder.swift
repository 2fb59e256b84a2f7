/// The one ordering every ranking in this module uses: higher score first; equal scores in
/// ascending gallery name, compared as UTF-8 bytes (so "img10" comes before "img2", and the order
/// does not depend on locale or Unicode normalisation).
///
/// A total order makes every metric reproducible: PyTorch's `argsort` leaves the order of tied
/// scores unspecified, so reference implementations can disagree on ties; this one never does.
struct RankingOrder {
    let names: [String]
    /// `position[g]`: where `names[g]` falls in UTF-8 byte order.
    private let position: [Int32]
    private let indexByName: [String: Int]

    /// - Throws: `EvalError.duplicateGalleryName`.
    init(names: [String]) throws(EvalError) {
        var indexByName: [String: Int] = [:]
        indexByName.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            if let first = indexByName[name] {
                throw .duplicateGalleryName(name: name, first: first, second: index)
            }
            indexByName[name] = index
        }
        let sorted = names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        var position = [Int32](repeating: 0, count: names.count)
        for (rank, index) in sorted.enumerated() { position[index] = Int32(rank) }
        self.names = names
        self.position = position
        self.indexByName = indexByName
    }

    func index(of name: String) -> Int? { indexByName[name] }

    /// Whether item `a` (score `scoreA`) ranks before item `b` (score `scoreB`).
    @inline(__always)
    func precedes(_ a: Int, _ scoreA: Float, _ b: Int, _ scoreB: Float) -> Bool {
        scoreA > scoreB || (scoreA == scoreB && position[a] < position[b])
    }

    /// 1-based rank of `item` among all gallery items except those in `excluded`: one pass
    /// counting the items that precede it, no sort.
    func rank(of item: Int, scores: UnsafeBufferPointer<Float>, excluding excluded: Int?) -> Int {
        let score = scores[item]
        var ahead = 0
        for other in 0..<scores.count where other != item && other != excluded && precedes(other, scores[other], item, score) {
            ahead += 1
        }
        return ahead + 1
    }

    /// The `k` best items of one score row, best first, leaving out `excluded`.
    ///
    /// Partial selection: a heap of the `k` best so far whose root is the worst of them, so each
    /// of the G items costs one comparison with the root unless it enters the heap (O(G log k) at
    /// worst, close to O(G) for scores in no particular order), instead of sorting the whole
    /// gallery per query.
    func top(_ k: Int, scores: UnsafeBufferPointer<Float>, excluding excluded: Int?) -> [Int] {
        guard k > 0 else { return [] }
        var heap: [Int] = []
        heap.reserveCapacity(k)
        // `worse(a, b)`: a ranks after b; the heap keeps its worst element at the root.
        func worse(_ a: Int, _ b: Int) -> Bool { precedes(b, scores[b], a, scores[a]) }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                if left >= heap.count { return }
                var child = left
                if left + 1 < heap.count && worse(heap[left + 1], heap[left]) { child = left + 1 }
                if !worse(heap[child], heap[parent]) { return }
                heap.swapAt(child, parent)
                parent = child
            }
        }
        for item in 0..<scores.count where item != excluded {
            if heap.count < k {
                heap.append(item)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    if !worse(heap[child], heap[parent]) { break }
                    heap.swapAt(child, parent)
                    child = parent
                }
            } else if precedes(item, scores[item], heap[0], scores[heap[0]]) {
                heap[0] = item
                siftDown(0)
            }
        }
        return heap.sorted { precedes($0, scores[$0], $1, scores[$1]) }
    }

    /// `items` sorted best first (for the handful of subset members).
    func sorted(_ items: [Int], scores: UnsafeBufferPointer<Float>) -> [Int] {
        items.sorted { precedes($0, scores[$0], $1, scores[$1]) }
    }
}
