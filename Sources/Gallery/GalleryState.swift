/// The gallery's in-memory state: id → row, the embedding matrix, and per-row id, metadata and
/// image hash. Rows are dense: a delete moves the last row into the hole (swap-remove).
///
/// Not thread-safe; `GalleryStore` mutates it only while holding its write lock, and reads it
/// under its read lock.
final class GalleryState {
    let matrix: EmbeddingMatrix
    private(set) var ids: [String] = []
    private(set) var metadata: [GalleryMetadata] = []
    private(set) var images: [String?] = []
    private(set) var rowOf: [String: Int] = [:]
    /// image SHA-256 → ids of the items that reference it.
    private(set) var idsByImage: [String: Set<String>] = [:]

    var dimension: Int { matrix.dimension }
    var count: Int { ids.count }

    init(dimension: Int) { matrix = EmbeddingMatrix(dimension: dimension) }

    /// Inserts or replaces `id`; returns its row, whose embedding (`[D]`) the caller writes.
    func upsert(id: String, metadata meta: GalleryMetadata, image: String?) -> UnsafeMutablePointer<Float> {
        if let r = rowOf[id] {
            unlinkImage(id: id, image: images[r])
            metadata[r] = meta
            images[r] = image
            linkImage(id: id, image: image)
            return matrix.row(r)
        }
        let row = matrix.appendRow()
        rowOf[id] = ids.count
        ids.append(id)
        metadata.append(meta)
        images.append(image)
        linkImage(id: id, image: image)
        return row
    }

    /// Removes `id`; false when it is not present.
    @discardableResult
    func delete(id: String) -> Bool {
        guard let r = rowOf.removeValue(forKey: id) else { return false }
        unlinkImage(id: id, image: images[r])
        if let moved = matrix.swapRemove(r) {
            ids[r] = ids[moved]
            metadata[r] = metadata[moved]
            images[r] = images[moved]
            rowOf[ids[r]] = r
        }
        ids.removeLast()
        metadata.removeLast()
        images.removeLast()
        return true
    }

    /// The item at row `r` (embedding copied out).
    func item(row r: Int) -> GalleryItem {
        GalleryItem(id: ids[r], metadata: metadata[r],
                    embedding: Array(UnsafeBufferPointer(start: matrix.row(r), count: dimension)),
                    imageSHA256: images[r])
    }

    private func linkImage(id: String, image: String?) {
        if let image { idsByImage[image, default: []].insert(id) }
    }

    private func unlinkImage(id: String, image: String?) {
        guard let image else { return }
        idsByImage[image]?.remove(id)
        if idsByImage[image]?.isEmpty == true { idsByImage[image] = nil }
    }
}
