#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded gallery: a data directory holding `MANIFEST`, `snapshot-<g>.bin`, `log-<g>.bin`
/// and `images/` (docs/gallery-format.md), and its in-memory state.
///
/// Durability: `upsert` and `delete` return only after their log record is written with one
/// `pwrite` and fdatasync'ed; the in-memory state is updated after that, so what a search sees
/// is always durable, and a writer sees its own write as soon as the call returns
/// (read-your-writes). A batch is one record: after a crash it is wholly present or wholly
/// absent.
///
/// Concurrency: any number of searches and reads run together (read lock); writers are
/// serialised by a separate lock that is held across the fsync, and take the read-write lock
/// exclusively only for the in-memory update. One process at a time may open a data directory
/// (`flock` on `LOCK`).
public final class GalleryStore: GalleryIndex, @unchecked Sendable {
    /// The data directory.
    public let directory: String
    /// Embedding length of every item (fixed by the manifest).
    public let dimension: Int
    /// Identity of the model whose embeddings the gallery holds (fixed by the manifest).
    public let modelID: String
    /// The options the store was opened with.
    public let options: GalleryOptions
    /// Source images, content-addressed.
    public let images: ImageBlobStore
    /// What opening the directory found.
    public let recovery: RecoveryReport

    // `state` is mutated only with `writer` and `rw` (exclusive) both held; read under `rw`.
    private let state: GalleryState
    private let rw = ReadWriteLock()
    private let writer = WriterLock()
    // Guarded by `writer`.
    private var log: LogFile?
    private var recordsSinceSnapshot: Int
    private var failure: String?
    private var lockFD: Int32

    init(directory: String, dimension: Int, modelID: String, options: GalleryOptions, images: ImageBlobStore,
         recovery: RecoveryReport, state: GalleryState, log: LogFile, lockFD: Int32) {
        self.directory = directory
        self.dimension = dimension
        self.modelID = modelID
        self.options = options
        self.images = images
        self.recovery = recovery
        self.state = state
        self.log = log
        self.lockFD = lockFD
        recordsSinceSnapshot = recovery.recordsReplayed
    }

    deinit {
        log?.close()
        if lockFD >= 0 { FileIO.closeDescriptor(lockFD) }
    }

    // MARK: reads

    /// Number of items.
    public var count: Int { rw.read { state.count } }

    /// The item `id` (embedding as stored: L2-normalised), or nil.
    public func get(id: String) -> GalleryItem? {
        rw.read { state.rowOf[id].map { state.item(row: $0) } }
    }

    /// The metadata of `id`, or nil (cheaper than `get`: no embedding copy).
    public func metadata(id: String) -> GalleryMetadata? {
        rw.read { state.rowOf[id].map { state.metadata[$0] } }
    }

    /// Every id, in byte order.
    public func ids() -> [String] { rw.read { state.ids.sorted() } }

    /// Ids of the items whose source image is `sha256` (to exclude a query's own image).
    public func ids(withImageSHA256 sha256: String) -> Set<String> {
        rw.read { state.idsByImage[sha256] ?? [] }
    }

    /// Exact cosine top-k; see `GalleryIndex` for the contract.
    public func search(query: [Float], k: Int, filter: GalleryFilter? = nil, excludeIDs: Set<String> = []) throws(GalleryError) -> [GalleryHit] {
        try rw.read { () throws(GalleryError) in
            try ExactIndex(state: state, threads: options.searchThreads).search(query: query, k: k, filter: filter, excludeIDs: excludeIDs)
        }
    }

    // MARK: writes

    /// Inserts or replaces `items` as one atomic, durable batch.
    ///
    /// Every item is checked first (id, metadata, embedding dimension and values, image digest
    /// format and presence in `images`; no id twice): one bad item rejects the batch with an
    /// error naming its index and id, and nothing is written. Returns after the batch's log record
    /// is fsync'ed and the items are searchable.
    public func upsert(_ items: [GalleryItem]) throws(GalleryError) {
        let limits = options.limits
        guard !items.isEmpty else { throw .invalidBatch("the batch has no items") }
        guard items.count <= limits.maxBatchItems else {
            throw .invalidBatch("the batch has \(items.count) items, the limit is \(limits.maxBatchItems)")
        }
        var seen: [String: Int] = [:]
        var normalised: [[Float]] = []
        normalised.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do {
                try GalleryItem.validateID(item.id, limits: limits)
                try GalleryItem.validateMetadata(item.metadata, limits: limits)
            } catch {
                throw .invalidItem(index: i, id: item.id, reason: error.reason)
            }
            if let reason = EmbeddingMath.validate(item.embedding, dimension: dimension) {
                throw .invalidItem(index: i, id: item.id, reason: reason)
            }
            if let sha = item.imageSHA256, !SHA256.isValidHex(sha) {
                throw .invalidItem(index: i, id: item.id, reason: "imageSHA256 is not 64 lowercase hex digits")
            }
            if let first = seen.updateValue(i, forKey: item.id) { throw .duplicateID(id: item.id, first: first, second: i) }
            normalised.append(EmbeddingMath.normalised(item.embedding))
        }
        var w = ByteWriter()
        w.u32(UInt32(items.count))
        for (item, e) in zip(items, normalised) {
            e.withUnsafeBufferPointer {
                ItemCodec.encode(id: item.id, metadata: item.metadata, imageSHA256: item.imageSHA256,
                                 embedding: $0.baseAddress!, dimension: dimension, into: &w)
            }
        }
        guard w.bytes.count <= LogRecord.maxPayload else {
            throw .invalidBatch("the batch encodes to \(w.bytes.count) bytes, above the \(LogRecord.maxPayload)-byte record limit; send fewer items")
        }
        let record = LogRecord.encode(.upsert, payload: w.bytes)
        try writer.locked { () throws(GalleryError) in
            // Checked under the writer lock: garbage collection also runs under it.
            for (i, item) in items.enumerated() {
                if let sha = item.imageSHA256, !images.contains(sha) { throw .missingImage(index: i, id: item.id, sha256: sha) }
            }
            try appendLocked(record)
            rw.write {
                for (item, e) in zip(items, normalised) {
                    state.upsert(id: item.id, metadata: item.metadata, image: item.imageSHA256).update(from: e, count: dimension)
                }
            }
            afterRecordLocked()
        }
    }

    /// Removes `id` durably; false (and nothing written) when no such item exists.
    @discardableResult
    public func delete(id: String) throws(GalleryError) -> Bool {
        try writer.locked { () throws(GalleryError) -> Bool in
            if let failure { throw .unavailable(failure) }
            // Only writers mutate and we are the writer: reading without `rw` is safe here.
            guard state.rowOf[id] != nil else { return false }
            var w = ByteWriter()
            w.u16(UInt16(id.utf8.count))
            w.raw(id.utf8)
            try appendLocked(LogRecord.encode(.delete, payload: w.bytes))
            rw.write { _ = state.delete(id: id) }
            afterRecordLocked()
            return true
        }
    }

    /// Writes a snapshot now, starts a new log generation, removes the old log and snapshot, and
    /// garbage-collects unreferenced image blobs.
    public func snapshot() throws(GalleryError) {
        try writer.locked { () throws(GalleryError) in try snapshotLocked() }
    }

    /// Closes the log and releases the directory. Later writes throw `unavailable`; reads of the
    /// in-memory state keep working.
    public func close() {
        writer.locked {
            log?.close()
            log = nil
            if failure == nil { failure = "the store is closed" }
            if lockFD >= 0 { FileIO.closeDescriptor(lockFD); lockFD = -1 }
        }
    }

    // MARK: internals (writer lock held)

    private func appendLocked(_ record: [UInt8]) throws(GalleryError) {
        if let failure { throw .unavailable(failure) }
        guard let log else { throw .unavailable("the store is closed") }
        do {
            try log.append(record)
        } catch {
            if log.broken {
                failure = "writing \(log.path) failed (\(error)); restart the service to recover from the log"
            }
            throw error
        }
    }

    /// Counts a record and snapshots when due; a failed automatic snapshot is only a warning
    /// (the record is already durable in the log).
    private func afterRecordLocked() {
        recordsSinceSnapshot += 1
        let every = options.snapshotEveryRecords
        guard every > 0, recordsSinceSnapshot >= every else { return }
        do { try snapshotLocked() } catch { options.warn("automatic snapshot failed: \(error)") }
    }

    private func snapshotLocked() throws(GalleryError) {
        if let failure { throw .unavailable(failure) }
        guard let old = log else { throw .unavailable("the store is closed") }
        let g = old.generation + 1
        let tmp = try SnapshotFile.writeTemporary(state, generation: g, directory: directory)
        do {
            try FileIO.moveFile(tmp, to: directory + "/" + SnapshotFile.fileName(generation: g))
        } catch {
            unlink(tmp)
            throw error
        }
        // From the rename on, recovery may start from snapshot g, which ignores log g-1: appending
        // to the old log would lose data, so any failure now stops writes until a restart.
        do {
            try FileIO.syncDirectory(directory)
            log = try LogFile.create(directory: directory, generation: g, dimension: dimension)
        } catch {
            failure = "starting log generation \(g) failed (\(error)); restart the service to recover from snapshot \(g)"
            throw error
        }
        old.close()
        recordsSinceSnapshot = 0
        do {
            try FileIO.remove(old.path)
            try FileIO.remove(directory + "/" + SnapshotFile.fileName(generation: g - 1))
            try FileIO.syncDirectory(directory)
        } catch {
            options.warn("removing generation \(g - 1) failed (\(error)); the next open removes it")
        }
        let referenced = Set(state.images.compactMap { $0 })
        do {
            try images.garbageCollect(keeping: referenced, gracePeriod: options.imageGCGracePeriod)
        } catch {
            options.warn("image garbage collection failed: \(error)")
        }
    }
}
