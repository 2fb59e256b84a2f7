import CZlib

/// Walks PNG chunks after the signature: `length, type, data, crc` with the CRC over type+data.
struct PNGChunkReader {
    struct Chunk {
        let type: String
        let data: UnsafeRawBufferPointer
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 8

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private func be32(_ o: Int) -> UInt32 {
        UInt32(bytes[o]) << 24 | UInt32(bytes[o + 1]) << 16 | UInt32(bytes[o + 2]) << 8 | UInt32(bytes[o + 3])
    }

    private func typeString(at o: Int) -> String {
        String(decoding: bytes[o..<o + 4], as: UTF8.self)
    }

    /// The type of the next chunk, or nil when not even its 8-byte header is present.
    func peekType() -> String? {
        guard bytes.count - offset >= 8 else { return nil }
        return typeString(at: offset + 4)
    }

    /// The next complete chunk with a verified CRC.
    mutating func next() throws(ImageDecodeError) -> Chunk {
        guard bytes.count - offset >= 8 else { throw .truncated("PNG ends before a chunk header at byte \(offset)") }
        let length = Int(be32(offset))
        guard length <= 0x7FFF_FFFF else { throw .corrupt("PNG chunk length \(length)") }
        let typeBytes = (0..<4).map { bytes[offset + 4 + $0] }
        // Pillow's is_cid: four ASCII letters.
        guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw .corrupt("PNG chunk type at byte \(offset) is not four letters")
        }
        let type = typeString(at: offset + 4)
        let dataStart = offset + 8
        guard bytes.count - dataStart >= length + 4 else {
            throw .truncated("PNG \(type) chunk needs \(length + 4) bytes, \(bytes.count - dataStart) remain")
        }
        let stored = be32(dataStart + length)
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let computed = UInt32(crc32(crc32(0, base + offset + 4, 4), base + dataStart, UInt32(length)))
        guard stored == computed else { throw .corrupt("PNG \(type) chunk CRC mismatch") }
        offset = dataStart + length + 4
        return Chunk(type: type, data: UnsafeRawBufferPointer(rebasing: bytes[dataStart..<dataStart + length]))
    }

    /// An eXIf chunk after the image data, if the rest of the file is readable; errors there are
    /// ignored because Pillow does not read past the image data strictly either.
    mutating func tailEXIF() -> [UInt8]? {
        while let chunk = try? next() {
            if chunk.type == "eXIf" { return Array(chunk.data) }
            if chunk.type == "IEND" { return nil }
        }
        return nil
    }
}
