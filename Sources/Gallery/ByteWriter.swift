/// Appends little-endian fields to a byte array: the encoder of every on-disk structure.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func raw(_ v: some Sequence<UInt8>) { bytes.append(contentsOf: v) }

    /// `count` little-endian float32 values.
    mutating func floats(_ p: UnsafePointer<Float>, count: Int) {
        #if _endian(little)
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: p, count: count * 4))
        #else
        for i in 0..<count { u32(p[i].bitPattern) }
        #endif
    }

    /// Overwrites 4 bytes at `offset` (patching a length or checksum after the fact).
    mutating func patchU32(_ v: UInt32, at offset: Int) {
        withUnsafeBytes(of: v.littleEndian) { for i in 0..<4 { bytes[offset + i] = $0[i] } }
    }
}
