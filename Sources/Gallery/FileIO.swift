#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls the gallery's durability rests on, each turning failure into `GalleryError.io`.
///
/// The rule everywhere: new content goes to a temporary file, is fsync'ed, renamed over its final
/// name, and the directory is fsync'ed so the rename itself survives a crash. Nothing is
/// overwritten in place; the log is only appended to (and truncated back after a failed append or
/// a torn tail).
enum FileIO {
    static func fail(_ path: String, _ operation: String) -> GalleryError {
        .io(path: path, operation: operation, errno: errno)
    }

    static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(GalleryError) -> Int32 {
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw fail(path, "open") }
        }
    }

    static func closeDescriptor(_ fd: Int32) { _ = close(fd) }

    /// Writes all of `bytes` at `offset` (a short write is continued, EINTR retried).
    static func pwriteAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int, path: String) throws(GalleryError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "write")
            }
            done += n
        }
    }

    /// Flushes the file's data (and the size, which fdatasync includes) to stable storage.
    static func syncData(_ fd: Int32, path: String) throws(GalleryError) {
        #if os(Linux)
        let rc = fdatasync(fd)
        #else
        let rc = fcntl(fd, F_FULLFSYNC)
        #endif
        if rc != 0 { throw fail(path, "fdatasync") }
    }

    static func sync(_ fd: Int32, path: String) throws(GalleryError) {
        if fsync(fd) != 0 { throw fail(path, "fsync") }
    }

    /// fsync on a directory: makes creations, renames and unlinks inside it durable.
    static func syncDirectory(_ path: String) throws(GalleryError) {
        let fd = try openFile(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd, path: path)
    }

    /// Writes `bytes` to `path` atomically: `path.tmp`, fsync, rename, fsync of `directory`.
    static func atomicWrite(_ bytes: [UInt8], to path: String, directory: String) throws(GalleryError) {
        let tmp = path + ".tmp"
        let fd = try openFile(tmp, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            try bytes.withBytes { (b) throws(GalleryError) in try pwriteAll(fd, b, at: 0, path: tmp) }
            try sync(fd, path: tmp)
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        try moveFile(tmp, to: path)
        try syncDirectory(directory)
    }

    static func moveFile(_ from: String, to: String) throws(GalleryError) {
        if rename(from, to) != 0 { throw fail(to, "rename \(from) to") }
    }

    /// The whole file, or nil when it does not exist.
    static func readFile(_ path: String) throws(GalleryError) -> [UInt8]? {
        let fd: Int32
        do { fd = try openFile(path, O_RDONLY) } catch {
            if case .io(_, _, ENOENT) = error { return nil }
            throw error
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw fail(path, "fstat") }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "read")
            }
            if n == 0 { out.removeLast(out.count - done); break }
            done += n
        }
        return out
    }

    /// Names in `path` (without "." and ".."), or [] when it does not exist.
    static func list(_ path: String) throws(GalleryError) -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw fail(path, "opendir")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates a directory (mode 0700: the data directory is the service's alone); an existing
    /// one is fine. Returns true when it was created.
    @discardableResult
    static func makeDirectory(_ path: String) throws(GalleryError) -> Bool {
        if mkdir(path, 0o700) == 0 { return true }
        if errno == EEXIST { return false }
        throw fail(path, "mkdir")
    }

    static func remove(_ path: String) throws(GalleryError) {
        if unlink(path) != 0 && errno != ENOENT { throw fail(path, "unlink") }
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Seconds since the epoch of the file's last modification, or nil when it does not exist.
    static func modificationTime(_ path: String) -> Double? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if os(Linux)
        return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        #else
        return Double(st.st_mtimespec.tv_sec) + Double(st.st_mtimespec.tv_nsec) / 1e9
        #endif
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
