/// The IHDR fields and the derived row geometry, validated against the PNG specification's
/// allowed (bit depth, colour type) pairs.
struct PNGHeader {
    let width: Int
    let height: Int
    let bitDepth: Int
    /// 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.
    let colorType: Int
    let interlaced: Bool

    init(_ d: UnsafeRawBufferPointer) throws(ImageDecodeError) {
        guard d.count == 13 else { throw .corrupt("PNG IHDR has \(d.count) bytes, expected 13") }
        func be32(_ o: Int) -> Int { Int(d[o]) << 24 | Int(d[o + 1]) << 16 | Int(d[o + 2]) << 8 | Int(d[o + 3]) }
        width = be32(0)
        height = be32(4)
        bitDepth = Int(d[8])
        colorType = Int(d[9])
        let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let depths = allowed[colorType], depths.contains(bitDepth) else {
            throw .corrupt("PNG bit depth \(bitDepth) with colour type \(colorType)")
        }
        guard d[10] == 0, d[11] == 0, d[12] <= 1 else { throw .corrupt("PNG compression/filter/interlace method") }
        interlaced = d[12] == 1
    }

    /// Samples per pixel.
    var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]! }
    /// Bits per pixel (Pillow's `state->bits`).
    var bitsPerPixel: Int { channels * bitDepth }
    /// The filter's byte distance to the "left" pixel: `(bits + 7) / 8`.
    var filterStride: Int { (bitsPerPixel + 7) / 8 }
    /// Bytes in one filtered row of `pixels` pixels, excluding the filter-type byte.
    func rowBytes(pixels: Int) -> Int { (pixels * bitsPerPixel + 7) / 8 }
    var hasAlphaChannel: Bool { colorType == 4 || colorType == 6 }
}
