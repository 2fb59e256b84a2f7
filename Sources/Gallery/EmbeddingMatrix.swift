/// `[rows, D]` row-major float32 embeddings in one 64-byte-aligned allocation that grows
/// geometrically, so a search is one pass over contiguous memory.
///
/// Not thread-safe: `GalleryStore` mutates it only under its write lock.
final class EmbeddingMatrix {
    let dimension: Int
    private(set) var rows = 0
    private(set) var capacity: Int
    /// `[capacity, D]`; rows `0..<rows` are live.
    private(set) var base: UnsafeMutablePointer<Float>

    init(dimension: Int, capacity: Int = 64) {
        precondition(dimension > 0)
        self.dimension = dimension
        self.capacity = max(capacity, 1)
        base = EmbeddingMatrix.allocate(rows: self.capacity, dimension: dimension)
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }

    private static func allocate(rows: Int, dimension: Int) -> UnsafeMutablePointer<Float> {
        let count = rows * dimension
        return UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64).bindMemory(to: Float.self, capacity: count)
    }

    /// `[D]` row `r`.
    func row(_ r: Int) -> UnsafeMutablePointer<Float> { base + r * dimension }

    /// Appends an uninitialised row and returns it (`[D]`) for the caller to fill.
    func appendRow() -> UnsafeMutablePointer<Float> {
        if rows == capacity { reserve(capacity + capacity / 2 + 16) }
        rows += 1
        return row(rows - 1)
    }

    /// Grows the allocation to at least `n` rows.
    func reserve(_ n: Int) {
        guard n > capacity else { return }
        let fresh = EmbeddingMatrix.allocate(rows: n, dimension: dimension)
        fresh.update(from: base, count: rows * dimension)
        UnsafeMutableRawPointer(base).deallocate()
        base = fresh
        capacity = n
    }

    /// Removes row `r` by moving the last row into its place (O(D)); returns the index the moved
    /// row came from, or nil when `r` was the last row.
    @discardableResult
    func swapRemove(_ r: Int) -> Int? {
        let last = rows - 1
        rows -= 1
        guard r != last else { return nil }
        row(r).update(from: row(last), count: dimension)
        return last
    }

    func removeAll() { rows = 0 }
}
