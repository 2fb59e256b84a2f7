import CZlib

/// A minimal PNG writer for 8-bit RGB: signature, IHDR, one IDAT (zlib `compress2`), IEND,
/// with chunk CRCs from zlib's `crc32` (PNG specification, 2nd edition, sections 5 and 11).
///
/// Row filters are chosen per row by the specification's suggested heuristic (smallest sum of
/// absolute filtered bytes), an integer rule, so a raster always yields the same filtered
/// stream; the compressed bytes then depend only on the zlib build (classic zlib is stable;
/// zlib-ng, for example, compresses differently, while decoding to the same pixels).
public enum PNGEncoder {
    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The PNG file for `raster`.
    /// - Parameter level: zlib compression level, 0 (store) ... 9 (smallest, the default).
    /// - Throws: `SynthError.encoding` if zlib fails (out of memory).
    public static func encode(_ raster: SynthRaster, level: Int = 9) throws(SynthError) -> [UInt8] {
        precondition((0...9).contains(level), "zlib level \(level) outside 0...9")
        var header = [UInt8]()
        appendBigEndian(UInt32(raster.width), to: &header)
        appendBigEndian(UInt32(raster.height), to: &header)
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace

        let filtered = filterRows(raster)
        var bound = compressBound(uLong(filtered.count))
        var compressed = [UInt8](repeating: 0, count: Int(bound))
        let status = compressed.withUnsafeMutableBufferPointer { out in
            filtered.withUnsafeBufferPointer { inp in
                compress2(out.baseAddress, &bound, inp.baseAddress, uLong(inp.count), Int32(level))
            }
        }
        guard status == Z_OK else { throw .encoding("zlib compress2 returned \(status)") }
        compressed.removeSubrange(Int(bound)...)

        var file = signature
        appendChunk("IHDR", header, to: &file)
        appendChunk("IDAT", compressed, to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// Each row prefixed by its filter type byte and filtered (filter types 0–4).
    private static func filterRows(_ raster: SynthRaster) -> [UInt8] {
        let stride = raster.width * 3
        var out = [UInt8]()
        out.reserveCapacity((stride + 1) * raster.height)
        var candidate = [UInt8](repeating: 0, count: stride)
        var best = [UInt8](repeating: 0, count: stride)
        raster.pixels.withUnsafeBufferPointer { p in
            for y in 0..<raster.height {
                let row = y * stride, above = row - stride
                var bestType: UInt8 = 0, bestCost = Int.max
                for type in UInt8(0)...4 {
                    var cost = 0
                    for i in 0..<stride {
                        let x = Int(p[row + i])
                        let a = i >= 3 ? Int(p[row + i - 3]) : 0
                        let b = y > 0 ? Int(p[above + i]) : 0
                        let c = (i >= 3 && y > 0) ? Int(p[above + i - 3]) : 0
                        let predictor: Int
                        switch type {
                        case 0: predictor = 0
                        case 1: predictor = a
                        case 2: predictor = b
                        case 3: predictor = (a + b) / 2
                        default: predictor = paeth(a, b, c)
                        }
                        let v = UInt8(truncatingIfNeeded: x - predictor)
                        candidate[i] = v
                        // Bytes read as signed distances from zero.
                        cost += v < 128 ? Int(v) : 256 - Int(v)
                    }
                    if cost < bestCost {
                        bestCost = cost
                        bestType = type
                        swap(&best, &candidate)
                    }
                }
                out.append(bestType)
                out += best
            }
        }
        return out
    }

    private static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &file)
        let typed = Array(type.utf8) + data
        file += typed
        let crc = typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        appendBigEndian(UInt32(truncatingIfNeeded: crc), to: &file)
    }

    private static func appendBigEndian(_ v: UInt32, to out: inout [UInt8]) {
        out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}
