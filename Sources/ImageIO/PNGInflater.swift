import CZlib

/// Inflates the concatenated IDAT data one filtered row at a time (as Pillow's ZipDecode.c does),
/// undoes the row filters and hands each row to the pixel sink, walking the seven Adam7 passes
/// for interlaced files. Memory is two rows beyond the output image.
enum PNGInflater {
    /// (start column, start row, column step, row step) of the Adam7 passes.
    private static let adam7: [(Int, Int, Int, Int)] = [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ]

    static func run(_ idat: [UnsafeRawBufferPointer], header h: PNGHeader, sink: inout PNGPixelSink) throws(ImageDecodeError) {
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .outOfMemory
        }
        defer { inflateEnd(&stream) }
        var segment = 0
        var finished = false

        // Fills `count` bytes at `out` from the zlib stream or throws.
        func inflateExactly(_ out: UnsafeMutablePointer<UInt8>, _ count: Int) throws(ImageDecodeError) {
            stream.next_out = out
            stream.avail_out = UInt32(count)
            while stream.avail_out > 0 {
                if finished { throw .truncated("PNG zlib stream ends before the last row") }
                if stream.avail_in == 0 {
                    guard segment < idat.count else { throw .truncated("PNG image data ends before the last row") }
                    let s = idat[segment]
                    segment += 1
                    guard s.count > 0 else { continue }
                    stream.next_in = UnsafeMutablePointer(mutating: s.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    stream.avail_in = UInt32(s.count)
                }
                let status = inflate(&stream, Z_NO_FLUSH)
                switch status {
                case Z_OK: break
                case Z_STREAM_END: finished = true
                case Z_BUF_ERROR: break  // no progress possible with this input; loop feeds more
                case Z_MEM_ERROR: throw .outOfMemory
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                    throw .corrupt("PNG zlib data: \(detail)")
                }
            }
        }

        let passes = h.interlaced ? adam7 : [(0, 0, 1, 1)]
        let maxRow = h.rowBytes(pixels: h.width) + 1
        let current = UnsafeMutablePointer<UInt8>.allocate(capacity: maxRow)
        let previous = UnsafeMutablePointer<UInt8>.allocate(capacity: maxRow)
        defer { current.deallocate(); previous.deallocate() }
        var cur = current, prev = previous

        for (x0, y0, dx, dy) in passes {
            guard h.width > x0, h.height > y0 else { continue }
            let passWidth = (h.width - x0 + dx - 1) / dx
            let passHeight = (h.height - y0 + dy - 1) / dy
            let rowLength = h.rowBytes(pixels: passWidth)
            // Each pass starts from a black "previous row", as the PNG filters require.
            prev.initialize(repeating: 0, count: rowLength + 1)
            for r in 0..<passHeight {
                try inflateExactly(cur, rowLength + 1)
                try unfilter(cur, previous: prev, length: rowLength, stride: h.filterStride)
                sink.put(row: cur + 1, count: passWidth, x0: x0, dx: dx, y: y0 + r * dy)
                swap(&cur, &prev)
            }
        }
    }

    /// Reverses the filter named by `row[0]` in place on `row[1...length]`.
    static func unfilter(_ row: UnsafeMutablePointer<UInt8>, previous: UnsafeMutablePointer<UInt8>,
                         length: Int, stride bpp: Int) throws(ImageDecodeError) {
        let line = row + 1, above = previous + 1
        switch row[0] {
        case 0:
            break
        case 1:
            if length > bpp { for i in bpp..<length { line[i] &+= line[i - bpp] } }
        case 2:
            for i in 0..<length { line[i] &+= above[i] }
        case 3:
            for i in 0..<min(bpp, length) { line[i] &+= above[i] >> 1 }
            if length > bpp {
                for i in bpp..<length { line[i] &+= UInt8((Int(line[i - bpp]) + Int(above[i])) >> 1) }
            }
        case 4:
            for i in 0..<min(bpp, length) { line[i] &+= above[i] }
            if length > bpp {
                for i in bpp..<length {
                    let a = Int(line[i - bpp]), b = Int(above[i]), c = Int(above[i - bpp])
                    let pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c)
                    line[i] &+= UInt8(pa <= pb && pa <= pc ? a : (pb <= pc ? b : c))
                }
            }
        default:
            throw .corrupt("PNG row filter type \(row[0])")
        }
    }
}
