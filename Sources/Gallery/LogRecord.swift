/// One log record (docs/gallery-format.md §Log): a 16-byte header, then the payload.
///
/// ```
/// 0  magic   "GREC"
/// 4  version u16 (1)
/// 6  type    u16 (LogRecord.Kind)
/// 8  length  u32, payload bytes
/// 12 crc32   u32 of bytes 0..<12 followed by the payload
/// 16 payload
/// ```
enum LogRecord {
    static let magic: [UInt8] = Array("GREC".utf8)
    static let version: UInt16 = 1
    static let headerSize = 16
    /// Bound on a payload's length read from disk (a damaged length must not allocate gigabytes).
    static let maxPayload = 1 << 30

    /// What a record does.
    enum Kind: UInt16 {
        /// Payload: u32 item count, then the items (ItemCodec). Applied all or nothing.
        case upsert = 1
        /// Payload: u16 id length, id bytes.
        case delete = 2
    }

    /// The complete record bytes (header + payload), ready for one write.
    static func encode(_ kind: Kind, payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter(capacity: headerSize + payload.count)
        w.raw(magic)
        w.u16(version)
        w.u16(kind.rawValue)
        w.u32(UInt32(payload.count))
        let crc = Checksum.crc32(payload, continuing: Checksum.crc32(w.bytes))
        w.u32(crc)
        w.raw(payload)
        return w.bytes
    }

    /// A record that checks out, found at `offset` in `bytes`.
    struct Parsed {
        var kind: Kind
        var offset: Int
        var payload: Range<Int>
        var end: Int { payload.upperBound }
    }

    /// Parses the record at `offset`.
    static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Result<Parsed, ParseFailure> {
        let size = bytes.count
        guard size - offset >= headerSize else { return .failure(ParseFailure(reason: "header cut short")) }
        for i in 0..<4 where bytes[offset + i] != magic[i] { return .failure(ParseFailure(reason: "bad record magic")) }
        let version = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self))
        let type = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self))
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)))
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
        guard version == LogRecord.version else { return .failure(ParseFailure(reason: "record version \(version)")) }
        guard let kind = Kind(rawValue: type) else { return .failure(ParseFailure(reason: "unknown record type \(type)")) }
        guard length <= maxPayload else { return .failure(ParseFailure(reason: "payload length \(length) above the bound")) }
        let end = offset + headerSize + length
        guard end <= size else { return .failure(ParseFailure(reason: "record ends \(end - size) bytes past the end of the file")) }
        let header = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 12)])
        let body = UnsafeRawBufferPointer(rebasing: bytes[(offset + headerSize)..<end])
        guard Checksum.crc32(body, continuing: Checksum.crc32(header)) == stored else {
            return .failure(ParseFailure(reason: "checksum mismatch"))
        }
        return .success(Parsed(kind: kind, offset: offset, payload: (offset + headerSize)..<end))
    }

    /// Why the bytes at an offset are not an intact record.
    struct ParseFailure: Error {
        let reason: String
    }
}
