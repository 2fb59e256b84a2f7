/// Reads little-endian fields from borrowed bytes; every read is bounds-checked and throws
/// `Truncated` rather than trapping, because the bytes come from disk and may be damaged.
struct ByteReader {
    struct Truncated: Error {}

    let base: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ base: UnsafeRawBufferPointer, offset: Int = 0) {
        self.base = base
        self.offset = offset
    }

    var remaining: Int { base.count - offset }

    mutating func take(_ n: Int) throws(Truncated) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else { throw Truncated() }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)])
    }

    mutating func u8() throws(Truncated) -> UInt8 { try take(1)[0] }
    mutating func u16() throws(Truncated) -> UInt16 { UInt16(littleEndian: try take(2).loadUnaligned(as: UInt16.self)) }
    mutating func u32() throws(Truncated) -> UInt32 { UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self)) }
    mutating func u64() throws(Truncated) -> UInt64 { UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self)) }
    mutating func f64() throws(Truncated) -> Double { Double(bitPattern: try u64()) }

    /// `n` bytes decoded as UTF-8, or nil when they are not valid UTF-8.
    mutating func utf8(_ n: Int) throws(Truncated) -> String? {
        let raw = try take(n)
        return String(validating: raw, as: UTF8.self)
    }

    /// `count` little-endian float32 values into `dst`.
    mutating func floats(into dst: UnsafeMutablePointer<Float>, count: Int) throws(Truncated) {
        let raw = try take(count * 4)
        for i in 0..<count {
            dst[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
        }
    }
}
