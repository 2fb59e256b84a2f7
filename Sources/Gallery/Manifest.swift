/// `MANIFEST`: what a data directory was made for (docs/gallery-format.md §MANIFEST). Written once,
/// atomically, when the directory is created; checked at every open so that a gallery embedded by
/// one model is never searched with another model's queries.
struct Manifest: Equatable {
    static let fileName = "MANIFEST"
    static let magic: [UInt8] = Array("GMAN".utf8)
    static let version: UInt16 = 1

    var dimension: Int
    var modelID: String

    func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Manifest.magic)
        w.u16(Manifest.version)
        w.u16(0)
        w.u32(UInt32(dimension))
        w.u16(UInt16(modelID.utf8.count))
        w.raw(modelID.utf8)
        w.u32(Checksum.crc32(w.bytes))
        return w.bytes
    }

    /// Parses a manifest, throwing `corrupt` (naming `path` and the offset) on any damage.
    static func decode(_ bytes: [UInt8], path: String) throws(GalleryError) -> Manifest {
        func corrupt(_ offset: Int, _ reason: String) -> GalleryError { .corrupt(file: path, offset: offset, reason: reason) }
        guard bytes.count >= 18 else { throw corrupt(bytes.count, "manifest is \(bytes.count) bytes, shorter than its fixed fields") }
        guard Array(bytes[0..<4]) == magic else { throw corrupt(0, "bad magic (not a gallery MANIFEST)") }
        let stored = bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self)) }
        guard Checksum.crc32(Array(bytes[0..<(bytes.count - 4)])) == stored else { throw corrupt(bytes.count - 4, "checksum mismatch") }
        return try bytes.withBytes { (raw) throws(GalleryError) -> Manifest in
            var r = ByteReader(raw, offset: 4)
            do {
                let v = try r.u16()
                guard v == version else { throw corrupt(4, "format version \(v); this build reads version \(version)") }
                _ = try r.u16()
                let dimension = Int(try r.u32())
                let n = Int(try r.u16())
                guard let model = try r.utf8(n), r.remaining == 4 else { throw corrupt(14, "model id is not UTF-8 or has the wrong length") }
                return Manifest(dimension: dimension, modelID: model)
            } catch let e as GalleryError {
                throw e
            } catch {
                throw corrupt(r.offset, "manifest ends early")
            }
        }
    }
}
