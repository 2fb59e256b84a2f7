import CZlib

/// CRC-32 (the IEEE polynomial of zlib, gzip and PNG) over every on-disk structure.
///
/// CRC-32 rather than CRC-32C because zlib's implementation is already linked and fast; both
/// detect every burst error up to 32 bits, which is what torn and partial writes produce.
enum Checksum {
    /// CRC-32 of `bytes`, continuing from `crc` (start with 0).
    static func crc32(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var c = UInt(crc)
        var p = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var n = bytes.count
        // zlib takes a 32-bit length: feed large buffers in pieces.
        while n > 0, let q = p {
            let piece = min(n, 1 << 30)
            c = CZlib.crc32(c, q, UInt32(piece))
            p = q + piece
            n -= piece
        }
        return UInt32(truncatingIfNeeded: c)
    }

    static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0, continuing: crc) }
    }
}
