#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `snapshot-<generation>.bin`: the whole state after every record of logs before `generation`
/// (docs/gallery-format.md §Snapshot).
///
/// ```
/// 0  magic "GSNP" | 4 version u16 (1) | 6 u16 0 | 8 generation u64 | 16 dimension u32 | 20 u32 0
/// 24 item count u64
/// 32 items (ItemCodec), in row order
/// .. crc32 u32 of every byte before it | "PNSG"
/// ```
/// Written to `<name>.tmp`, fsync'ed, renamed, directory fsync'ed: a snapshot file either exists
/// whole or not at all, so any damage in one is corruption (a hard error), never a torn write.
enum SnapshotFile {
    static let magic: [UInt8] = Array("GSNP".utf8)
    static let endMagic: [UInt8] = Array("PNSG".utf8)
    static let version: UInt16 = 1
    static let headerSize = 32

    static func fileName(generation: UInt64) -> String { "snapshot-\(generation).bin" }

    /// Writes `state` as the snapshot of `generation` to a fsync'ed temporary file in `directory`
    /// and returns its path; the caller renames it into place (and fsyncs the directory).
    static func writeTemporary(_ state: GalleryState, generation: UInt64, directory: String) throws(GalleryError) -> String {
        let path = directory + "/" + fileName(generation: generation)
        let tmp = path + ".tmp"
        let fd = try FileIO.openFile(tmp, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            var out = ChunkWriter(fd: fd, path: tmp)
            var w = ByteWriter(capacity: headerSize)
            w.raw(magic)
            w.u16(version)
            w.u16(0)
            w.u64(generation)
            w.u32(UInt32(state.dimension))
            w.u32(0)
            w.u64(UInt64(state.count))
            try out.write(&w)
            for r in 0..<state.count {
                ItemCodec.encode(id: state.ids[r], metadata: state.metadata[r], imageSHA256: state.images[r],
                                 embedding: state.matrix.row(r), dimension: state.dimension, into: &w)
                if w.bytes.count >= 1 << 20 { try out.write(&w) }
            }
            try out.write(&w)
            w.u32(out.crc)
            w.raw(endMagic)
            try out.write(&w)
            try FileIO.sync(fd, path: tmp)
        } catch {
            FileIO.closeDescriptor(fd)
            unlink(tmp)
            throw error
        }
        FileIO.closeDescriptor(fd)
        return tmp
    }

    /// Sequential writer that keeps a running CRC of everything written.
    private struct ChunkWriter {
        let fd: Int32
        let path: String
        var offset = 0
        var crc: UInt32 = 0

        mutating func write(_ w: inout ByteWriter) throws(GalleryError) {
            let (o, c) = (offset, crc)
            let newCRC = try w.bytes.withBytes { (b) throws(GalleryError) -> UInt32 in
                try FileIO.pwriteAll(fd, b, at: o, path: path)
                return Checksum.crc32(b, continuing: c)
            }
            crc = newCRC
            offset += w.bytes.count
            w.bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Loads the snapshot at `path` into `state` (which must be empty). Any damage is `corrupt`.
    static func load(path: String, generation: UInt64, into state: GalleryState) throws(GalleryError) {
        let fd = try FileIO.openFile(path, O_RDONLY)
        defer { FileIO.closeDescriptor(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw FileIO.fail(path, "fstat") }
        let size = Int(st.st_size)
        guard size >= headerSize + 8 else { throw .corrupt(file: path, offset: 0, reason: "snapshot is \(size) bytes, shorter than header and trailer") }
        // Mapped rather than read: a 100k × 512 gallery is a 200 MB snapshot, parsed once.
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { throw FileIO.fail(path, "mmap") }
        defer { munmap(map, size) }
        let bytes = UnsafeRawBufferPointer(start: map, count: size)
        try parse(bytes, path: path, generation: generation, into: state)
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, path: String, generation: UInt64, into state: GalleryState) throws(GalleryError) {
        let size = bytes.count
        func corrupt(_ offset: Int, _ reason: String) -> GalleryError { .corrupt(file: path, offset: offset, reason: reason) }
        for i in 0..<4 where bytes[size - 4 + i] != endMagic[i] { throw corrupt(size - 4, "snapshot trailer missing") }
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: size - 8, as: UInt32.self))
        guard Checksum.crc32(UnsafeRawBufferPointer(rebasing: bytes[0..<(size - 8)])) == stored else {
            throw corrupt(size - 8, "snapshot checksum mismatch")
        }
        for i in 0..<4 where bytes[i] != magic[i] { throw corrupt(0, "bad magic (not a gallery snapshot)") }
        var r = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[0..<(size - 8)]), offset: 4)
        do {
            let v = try r.u16()
            guard v == version else { throw corrupt(4, "snapshot format version \(v); this build reads version \(version)") }
            _ = try r.u16()
            let g = try r.u64()
            guard g == generation else { throw corrupt(8, "snapshot says generation \(g), its name says \(generation)") }
            let d = Int(try r.u32())
            guard d == state.dimension else { throw corrupt(16, "snapshot dimension \(d), the manifest says \(state.dimension)") }
            _ = try r.u32()
            let count = try r.u64()
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: d)
            defer { scratch.deallocate() }
            state.matrix.reserve(Int(min(count, UInt64(r.remaining / (4 * d + 8)))))
            for _ in 0..<count {
                let at = r.offset
                let item: ItemCodec.Decoded
                do { item = try ItemCodec.decode(&r, dimension: d, embedding: scratch) } catch { throw corrupt(at, error.reason) }
                guard state.rowOf[item.id] == nil else { throw corrupt(at, "id \"\(item.id)\" appears twice") }
                state.upsert(id: item.id, metadata: item.metadata, image: item.imageSHA256).update(from: scratch, count: d)
            }
            guard r.remaining == 0 else { throw corrupt(r.offset, "\(r.remaining) bytes after the last item") }
        } catch let e as GalleryError {
            throw e
        } catch {
            throw corrupt(r.offset, "snapshot ends early")
        }
    }
}
