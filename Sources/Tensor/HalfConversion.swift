/// Conversion of the checkpoint storage types to the float32 compute type.
public enum HalfConversion {
    /// IEEE binary16 → Float, `count` values from little-endian raw bytes (may be unaligned).
    public static func f16ToF32(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let bits = src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
            dst[i] = Float(Float16(bitPattern: UInt16(littleEndian: bits)))
        }
    }

    /// bfloat16 → Float: the 16 high bits of a binary32.
    public static func bf16ToF32(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let bits = UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            dst[i] = Float(bitPattern: UInt32(bits) << 16)
        }
    }

    /// Little-endian float32 raw bytes (may be unaligned) → Float.
    public static func f32(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        if Int(bitPattern: src) % MemoryLayout<Float>.alignment == 0 {
            dst.update(from: src.assumingMemoryBound(to: Float.self), count: count)
        } else {
            for i in 0..<count { dst[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        }
    }

    /// Float → IEEE binary16 bits (round to nearest even), for writing F16 checkpoints.
    public static func f32ToF16Bits(_ x: Float) -> UInt16 { Float16(x).bitPattern }

    /// Float → bfloat16 bits, round to nearest even (NaN kept quiet).
    public static func f32ToBF16Bits(_ x: Float) -> UInt16 {
        let b = x.bitPattern
        if x.isNaN { return UInt16(b >> 16) | 0x40 }
        let rounded = b &+ 0x7FFF &+ ((b >> 16) & 1)
        return UInt16(rounded >> 16)
    }
}
