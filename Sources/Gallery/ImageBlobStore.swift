#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Source images, content-addressed by SHA-256: `images/ab/cdef…` (the first two hex digits name
/// the folder, the other 62 the file), so `reference_id` queries can re-run the model on an
/// indexed item's image after restarts.
///
/// Paths are built only from validated 64-character lowercase hex digests, never from ids or
/// other client strings. Each blob is written to `images/tmp/`, fsync'ed and renamed into place
/// (then the folder fsync'ed) before `put` returns, so a log record can only ever reference a
/// complete, durable blob. Equal bytes are stored once. Thread-safe: operations on distinct or
/// equal blobs may run concurrently (renames of identical content are idempotent).
public final class ImageBlobStore: Sendable {
    /// The `images` folder.
    public let directory: String
    private let tmpDirectory: String

    /// Opens (creating if needed) the blob folder `directory`, removing temporary files a crash
    /// left behind.
    public init(directory: String) throws(GalleryError) {
        self.directory = directory
        tmpDirectory = directory + "/tmp"
        if try FileIO.makeDirectory(directory) { try FileIO.syncDirectory(directory + "/..") }
        if try FileIO.makeDirectory(tmpDirectory) { try FileIO.syncDirectory(directory) }
        for name in try FileIO.list(tmpDirectory) { try FileIO.remove(tmpDirectory + "/" + name) }
    }

    /// Path of the blob `sha256` (which must be valid hex).
    func path(of sha256: String) -> String {
        precondition(SHA256.isValidHex(sha256), "blob path from a non-digest string")
        let s = Array(sha256.utf8)
        return directory + "/" + String(decoding: s[0..<2], as: UTF8.self) + "/" + String(decoding: s[2...], as: UTF8.self)
    }

    /// Stores `bytes` durably and returns their SHA-256 (hex). Storing bytes already present
    /// only refreshes the blob's modification time, which protects it from a concurrent
    /// `garbageCollect` during its grace period.
    @discardableResult
    public func put(_ bytes: [UInt8]) throws(GalleryError) -> String {
        let sha = SHA256.hex(bytes)
        let final = path(of: sha)
        if FileIO.exists(final) {
            // Touch: the writer that is about to reference this blob needs the grace period.
            if utimensat(AT_FDCWD, final, nil, 0) == 0 { return sha }
            if errno != ENOENT { throw FileIO.fail(final, "utimensat") }
        }
        let folder = directory + "/" + String(sha.prefix(2))
        if try FileIO.makeDirectory(folder) { try FileIO.syncDirectory(directory) }
        let tmp = tmpDirectory + "/" + sha + "-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let fd = try FileIO.openFile(tmp, O_WRONLY | O_CREAT | O_EXCL)
        do {
            try bytes.withBytes { (b) throws(GalleryError) in try FileIO.pwriteAll(fd, b, at: 0, path: tmp) }
            try FileIO.sync(fd, path: tmp)
        } catch {
            FileIO.closeDescriptor(fd)
            unlink(tmp)
            throw error
        }
        FileIO.closeDescriptor(fd)
        try FileIO.moveFile(tmp, to: final)
        try FileIO.syncDirectory(folder)
        return sha
    }

    /// Whether the blob `sha256` is stored (false for strings that are not digests).
    public func contains(_ sha256: String) -> Bool {
        SHA256.isValidHex(sha256) && FileIO.exists(path(of: sha256))
    }

    /// The bytes of blob `sha256`, or nil when absent (or `sha256` is not a digest). With
    /// `verify`, bytes whose hash no longer matches are reported as `corrupt`.
    public func read(_ sha256: String, verify: Bool = true) throws(GalleryError) -> [UInt8]? {
        guard SHA256.isValidHex(sha256) else { return nil }
        let p = path(of: sha256)
        guard let bytes = try FileIO.readFile(p) else { return nil }
        if verify && SHA256.hex(bytes) != sha256 {
            throw .corrupt(file: p, offset: 0, reason: "image bytes do not hash to their name")
        }
        return bytes
    }

    /// Every stored digest.
    public func all() throws(GalleryError) -> [String] {
        var out: [String] = []
        for folder in try FileIO.list(directory) where folder.utf8.count == 2 {
            for name in try FileIO.list(directory + "/" + folder) {
                let sha = folder + name
                if SHA256.isValidHex(sha) { out.append(sha) }
            }
        }
        return out
    }

    /// Deletes blobs not in `referenced` whose modification time is more than `gracePeriod`
    /// seconds old (a blob just `put` for an upsert still in flight is younger). Returns how many
    /// were removed.
    @discardableResult
    public func garbageCollect(keeping referenced: Set<String>, gracePeriod: Double) throws(GalleryError) -> Int {
        let cutoff = FileIO.now() - gracePeriod
        var removed = 0
        var touched = Set<String>()
        for sha in try all() where !referenced.contains(sha) {
            let p = path(of: sha)
            guard let mtime = FileIO.modificationTime(p), mtime <= cutoff else { continue }
            try FileIO.remove(p)
            touched.insert(String(sha.prefix(2)))
            removed += 1
        }
        for folder in touched { try FileIO.syncDirectory(directory + "/" + folder) }
        return removed
    }
}
