#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GalleryStore {
    /// Opens the data directory `directory`, creating it (with its `MANIFEST`) when it does not
    /// exist or is empty, and recovers its state: the latest snapshot, then its log replayed.
    ///
    /// A torn final log record (the write in flight when the process died, never acknowledged)
    /// is cut off with a warning; any other damage throws `corrupt` naming the file and offset
    /// and changes nothing. Throws `manifestMismatch` when the directory was made for another
    /// `dimension` or `modelID`, and `locked` when another process has it open.
    public static func open(directory: String, dimension: Int, modelID: String,
                            options: GalleryOptions = GalleryOptions()) throws(GalleryError) -> GalleryStore {
        guard dimension > 0 && dimension <= 1 << 16 else { throw .manifestMismatch("dimension \(dimension) is out of range 1...65536") }
        guard !modelID.isEmpty, modelID.utf8.count <= 256,
              !modelID.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .manifestMismatch("model id must be 1-256 bytes without control characters")
        }
        var report = RecoveryReport()
        if try FileIO.makeDirectory(directory) { try FileIO.syncDirectory(directory + "/..") }
        let lockFD = try lockDirectory(directory)
        do {
            return try recover(directory: directory, dimension: dimension, modelID: modelID, options: options,
                               lockFD: lockFD, report: &report)
        } catch {
            FileIO.closeDescriptor(lockFD)
            throw error
        }
    }

    /// Takes the exclusive `flock` on `LOCK` (released by the kernel when the process dies, so a
    /// SIGKILL never leaves a stale lock).
    private static func lockDirectory(_ directory: String) throws(GalleryError) -> Int32 {
        let path = directory + "/LOCK"
        let fd = try FileIO.openFile(path, O_RDWR | O_CREAT)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            FileIO.closeDescriptor(fd)
            if e == EWOULDBLOCK {
                throw .locked("data directory \(directory) is in use by another process (or another open store); stop it or use another directory")
            }
            throw .io(path: path, operation: "flock", errno: e)
        }
        return fd
    }

    /// Generation numbers of the files named `prefix<g>.bin` in `names`.
    private static func generations(_ names: [String], prefix: String) -> [UInt64] {
        names.compactMap { name in
            guard name.hasPrefix(prefix), name.hasSuffix(".bin") else { return nil }
            let digits = name.dropFirst(prefix.count).dropLast(4)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
            return UInt64(digits)
        }
    }

    private static func recover(directory: String, dimension: Int, modelID: String, options: GalleryOptions,
                                lockFD: Int32, report: inout RecoveryReport) throws(GalleryError) -> GalleryStore {
        var names = try FileIO.list(directory)
        // Leftovers of our own writes interrupted before their rename (never part of the state);
        // removed only once the manifest shows the directory is a gallery.
        func isOurTemporary(_ name: String) -> Bool {
            name == Manifest.fileName + ".tmp"
                || (name.hasSuffix(".bin.tmp") && (name.hasPrefix("log-") || name.hasPrefix("snapshot-")))
        }
        let temporaries = names.filter(isOurTemporary)
        names.removeAll(where: isOurTemporary)
        let snapshots = generations(names, prefix: "snapshot-")
        let logs = generations(names, prefix: "log-")

        let manifestPath = directory + "/" + Manifest.fileName
        let wanted = Manifest(dimension: dimension, modelID: modelID)
        if let bytes = try FileIO.readFile(manifestPath) {
            let found = try Manifest.decode(bytes, path: manifestPath)
            guard found == wanted else {
                throw .manifestMismatch(
                    "data directory \(directory) holds embeddings of model \"\(found.modelID)\" (dimension \(found.dimension)), "
                        + "not of model \"\(modelID)\" (dimension \(dimension)); use another data directory or re-index the gallery with this model")
            }
        } else {
            guard snapshots.isEmpty && logs.isEmpty else {
                throw .corrupt(file: manifestPath, offset: 0, reason: "MANIFEST is missing but the directory holds gallery files")
            }
            // Never adopt a directory that holds someone else's files (a mistyped --data).
            let foreign = names.filter { $0 != "LOCK" && $0 != "images" }
            guard foreign.isEmpty else {
                throw .manifestMismatch("\(directory) is not a gallery data directory (no MANIFEST) and is not empty "
                    + "(\(foreign.sorted().prefix(3).joined(separator: ", "))…); choose a new or empty directory")
            }
            try FileIO.atomicWrite(wanted.encoded(), to: manifestPath, directory: directory)
            report.created = true
        }
        for name in temporaries { try FileIO.remove(directory + "/" + name) }

        // Snapshot g holds everything before log g; the newest snapshot wins and older
        // generations are leftovers of an interrupted rotation.
        let g = snapshots.max() ?? 0
        if let newer = logs.filter({ $0 > g }).max() {
            throw .corrupt(file: directory + "/" + LogFile.fileName(generation: newer), offset: 0,
                           reason: "log generation \(newer) has no snapshot \(newer) (the newest snapshot is \(snapshots.isEmpty ? "none" : String(g)))")
        }
        let state = GalleryState(dimension: dimension)
        if snapshots.contains(g) {
            try SnapshotFile.load(path: directory + "/" + SnapshotFile.fileName(generation: g), generation: g, into: state)
            report.snapshotItems = state.count
        }
        report.generation = g

        let logPath = directory + "/" + LogFile.fileName(generation: g)
        let log: LogFile
        if logs.contains(g) {
            let validSize = try replay(logPath, generation: g, into: state, report: &report)
            if let reason = report.droppedTailReason {
                options.warn("\(logPath): dropped a torn final record of \(report.droppedTailBytes) bytes at offset \(validSize) (\(reason)); it was never acknowledged")
            }
            log = try LogFile.openForAppend(path: logPath, generation: g, validSize: validSize)
        } else {
            log = try LogFile.create(directory: directory, generation: g, dimension: dimension)
        }
        for old in logs where old < g { try FileIO.remove(directory + "/" + LogFile.fileName(generation: old)) }
        for old in snapshots where old < g { try FileIO.remove(directory + "/" + SnapshotFile.fileName(generation: old)) }
        if logs.contains(where: { $0 < g }) || snapshots.contains(where: { $0 < g }) { try FileIO.syncDirectory(directory) }

        let images = try ImageBlobStore(directory: directory + "/images")
        return GalleryStore(directory: directory, dimension: dimension, modelID: modelID, options: options, images: images,
                            recovery: report, state: state, log: log, lockFD: lockFD)
    }

    /// Applies the intact records of the log at `path` to `state`; returns the accepted length.
    private static func replay(_ path: String, generation: UInt64, into state: GalleryState,
                               report: inout RecoveryReport) throws(GalleryError) -> Int {
        guard let bytes = try FileIO.readFile(path) else { throw .corrupt(file: path, offset: 0, reason: "log vanished during recovery") }
        return try bytes.withBytes { (raw) throws(GalleryError) -> Int in
            let scan = try LogScanner.scan(raw, path: path, generation: generation, dimension: state.dimension)
            for record in scan.records {
                try apply(record, in: raw, path: path, to: state)
            }
            report.recordsReplayed = scan.records.count
            report.droppedTailBytes = raw.count - scan.validSize
            report.droppedTailReason = scan.tornReason
            return scan.validSize
        }
    }

    /// Applies one intact record. A record that passes its checksum but does not decode was
    /// written by a different build or damaged in memory before writing: a hard error.
    private static func apply(_ record: LogRecord.Parsed, in raw: UnsafeRawBufferPointer, path: String,
                              to state: GalleryState) throws(GalleryError) {
        let d = state.dimension
        var r = ByteReader(UnsafeRawBufferPointer(rebasing: raw[record.payload]))
        func corrupt(_ reason: String) -> GalleryError {
            .corrupt(file: path, offset: record.offset, reason: "record does not decode: \(reason)")
        }
        switch record.kind {
        case .upsert:
            guard let n = try? r.u32() else { throw corrupt("no item count") }
            // Decode the whole batch before applying any of it (all or nothing, also here).
            var decoded: [ItemCodec.Decoded] = []
            // The count is bounded by the payload (an item takes at least 4·d bytes) before allocating.
            guard Int(n) <= r.remaining / (4 * d) else { throw corrupt("item count \(n) does not fit the payload") }
            let embeddings = UnsafeMutablePointer<Float>.allocate(capacity: max(1, Int(n) * d))
            defer { embeddings.deallocate() }
            for i in 0..<Int(n) {
                do {
                    decoded.append(try ItemCodec.decode(&r, dimension: d, embedding: embeddings + i * d))
                } catch {
                    throw corrupt(error.reason)
                }
            }
            guard r.remaining == 0 else { throw corrupt("\(r.remaining) bytes after the last item") }
            for (i, item) in decoded.enumerated() {
                state.upsert(id: item.id, metadata: item.metadata, image: item.imageSHA256).update(from: embeddings + i * d, count: d)
            }
        case .delete:
            guard let n = try? r.u16(), let id = try? r.utf8(Int(n)), r.remaining == 0 else { throw corrupt("bad delete payload") }
            state.delete(id: id)
        }
    }
}
