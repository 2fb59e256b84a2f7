/// Every failure of the gallery layer, one typed enum (the service maps it to a status in one place).
///
/// Client mistakes (`invalidItem`, `duplicateID`, `invalidQuery`, `missingImage`) leave the
/// gallery unchanged. The data-directory cases (`manifestMismatch`, `corrupt`, `locked`) are
/// operator problems found at open; `io` and `unavailable` are machine problems.
public enum GalleryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Item `index` of a batch (0-based) with id `id` is invalid; `reason` says which field and why.
    case invalidItem(index: Int, id: String, reason: String)
    /// The same id appears twice in one batch, at `first` and `second`.
    case duplicateID(id: String, first: Int, second: Int)
    /// A batch with no items, or more than `GalleryLimits.maxBatchItems`.
    case invalidBatch(String)
    /// A search request that cannot be answered (dimension, non-finite values, k < 1, bad filter).
    case invalidQuery(String)
    /// Item `index` references an image that is not in the blob store.
    case missingImage(index: Int, id: String, sha256: String)
    /// The data directory was made for another model or dimension.
    case manifestMismatch(String)
    /// A file in the data directory fails its checks at `offset` (bytes from the start).
    case corrupt(file: String, offset: Int, reason: String)
    /// Another process (or store) holds the data directory.
    case locked(String)
    /// A system call failed.
    case io(path: String, operation: String, errno: Int32)
    /// The store was closed, or a failed fsync/truncate left the log in an unknown state: writes
    /// are refused until the process restarts and recovery runs (reads still work).
    case unavailable(String)

    public var description: String {
        switch self {
        case let .invalidItem(index, id, reason): return "item \(index) (id \"\(id)\"): \(reason)"
        case let .duplicateID(id, first, second): return "id \"\(id)\" appears twice in the batch (items \(first) and \(second)); send each id once"
        case let .invalidBatch(reason): return "invalid batch: \(reason)"
        case let .invalidQuery(reason): return "invalid query: \(reason)"
        case let .missingImage(index, id, sha): return "item \(index) (id \"\(id)\") references image \(sha), which is not stored; store the image first"
        case let .manifestMismatch(reason): return reason
        case let .corrupt(file, offset, reason): return "\(file) is corrupt at byte offset \(offset): \(reason). Restore the data directory from a backup or re-index; the file was not modified"
        case let .locked(reason): return reason
        case let .io(path, operation, code): return "\(operation) \(path): \(GalleryError.errnoText(code))"
        case let .unavailable(reason): return "gallery unavailable for writes: \(reason)"
        }
    }

    static func errnoText(_ code: Int32) -> String {
        guard let s = strerror(code) else { return "errno \(code)" }
        return String(cString: s) + " (errno \(code))"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
