#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `log-<generation>.bin`: a 24-byte file header, then records appended one `pwrite` each,
/// each followed by fdatasync before the write is acknowledged.
///
/// File header: `"GLOG"`, u16 version (1), u16 0, u64 generation, u32 dimension, u32 CRC-32 of
/// bytes 0..<20. The file is created with its header by write-then-rename, so a log file is never
/// shorter than its header.
final class LogFile {
    static let magic: [UInt8] = Array("GLOG".utf8)
    static let version: UInt16 = 1
    static let headerSize = 24

    static func fileName(generation: UInt64) -> String { "log-\(generation).bin" }

    let path: String
    let generation: UInt64
    private var fd: Int32
    /// Bytes of complete, synced records (plus the header): where the next record goes.
    private(set) var size: Int
    /// Set when a failed sync or truncate leaves the file's durable content unknown; the store
    /// then refuses writes until a restart runs recovery.
    private(set) var broken = false

    private init(path: String, generation: UInt64, fd: Int32, size: Int) {
        self.path = path
        self.generation = generation
        self.fd = fd
        self.size = size
    }

    deinit { if fd >= 0 { FileIO.closeDescriptor(fd) } }

    static func header(generation: UInt64, dimension: Int) -> [UInt8] {
        var w = ByteWriter()
        w.raw(magic)
        w.u16(version)
        w.u16(0)
        w.u64(generation)
        w.u32(UInt32(dimension))
        w.u32(Checksum.crc32(w.bytes))
        return w.bytes
    }

    /// Creates a new, empty log of `generation` in `directory` (atomically, directory synced).
    static func create(directory: String, generation: UInt64, dimension: Int) throws(GalleryError) -> LogFile {
        let path = directory + "/" + fileName(generation: generation)
        try FileIO.atomicWrite(header(generation: generation, dimension: dimension), to: path, directory: directory)
        return try openForAppend(path: path, generation: generation, validSize: headerSize)
    }

    /// Opens an existing log whose first `validSize` bytes recovery accepted. Any bytes past
    /// that (a torn tail) are truncated away and the truncation synced before appends resume.
    static func openForAppend(path: String, generation: UInt64, validSize: Int) throws(GalleryError) -> LogFile {
        let fd = try FileIO.openFile(path, O_WRONLY)
        var st = stat()
        if fstat(fd, &st) != 0 { let e = FileIO.fail(path, "fstat"); FileIO.closeDescriptor(fd); throw e }
        if Int(st.st_size) != validSize {
            if ftruncate(fd, off_t(validSize)) != 0 { let e = FileIO.fail(path, "ftruncate"); FileIO.closeDescriptor(fd); throw e }
            do { try FileIO.sync(fd, path: path) } catch { FileIO.closeDescriptor(fd); throw error }
        }
        return LogFile(path: path, generation: generation, fd: fd, size: validSize)
    }

    /// Appends one complete record and makes it durable. On a failed write the file is cut back
    /// to its previous size, so a partial record never sits in front of later ones; if even that
    /// (or the sync) fails, `broken` is set.
    func append(_ record: [UInt8]) throws(GalleryError) {
        precondition(!broken && fd >= 0, "append to a broken or closed log")
        do {
            try record.withBytes { (b) throws(GalleryError) in try FileIO.pwriteAll(fd, b, at: size, path: path) }
        } catch {
            if ftruncate(fd, off_t(size)) != 0 { broken = true }
            throw error
        }
        do {
            try FileIO.syncData(fd, path: path)
        } catch {
            // After a failed fsync the kernel may have dropped the dirty pages (Linux does):
            // retrying would report success for data that is gone. Stop writing instead.
            broken = true
            throw error
        }
        size += record.count
    }

    func close() {
        if fd >= 0 { FileIO.closeDescriptor(fd); fd = -1 }
    }
}
