/// Pillow 9.4's `Image.resize` for 8-bit RGB (Resample.c `ImagingResampleInner` with the
/// `_8bpc` passes): horizontal pass over only the rows the vertical pass will read, uint8
/// clip-rounding into a temporary image, then the vertical pass. A pass is skipped when its axis
/// keeps its size; an unchanged size returns the image as is. `.nearest` follows Pillow's affine
/// nearest-neighbour path instead.
///
/// Arithmetic per output sample: `clip8((2^21 + Σ pixel·weight) >> 22)` in wrapping Int32,
/// exactly as the C code (sums stay far from overflow for these kernels).
///
/// Every output sample depends only on its own coefficient window (a function of its index and
/// the full input and output sizes), so `resize(_:width:height:filter:columns:rows:)` computes a
/// rectangle of the output alone — the same bytes as cropping the full result — with work and
/// memory proportional to the rectangle (times the filter support) instead of the full output.
public enum PillowResampler {
    /// `image.resize((width, height), resample=filter)` for an RGB image.
    public static func resize(_ image: RGBImage, width: Int, height: Int, filter: ResampleFilter) -> RGBImage {
        precondition(width > 0 && height > 0, "resize to \(width)x\(height)")
        if image.width == width && image.height == height { return image }
        return resize(image, width: width, height: height, filter: filter, columns: 0..<width, rows: 0..<height)
    }

    /// Columns `columns` and rows `rows` of `resize(image, width: width, height: height, filter: filter)`,
    /// computed without the rest: byte-identical to cropping the full result. Pass order, pass
    /// skipping and the uint8 rounding between passes are Pillow's; coefficients are those of the
    /// full output size. Preconditions: both ranges lie within the output size.
    public static func resize(_ image: RGBImage, width: Int, height: Int, filter: ResampleFilter,
                              columns: Range<Int>, rows: Range<Int>) -> RGBImage {
        precondition(width > 0 && height > 0, "resize to \(width)x\(height)")
        precondition(columns.lowerBound >= 0 && columns.upperBound <= width
                     && rows.lowerBound >= 0 && rows.upperBound <= height,
                     "window \(columns) x \(rows) outside \(width)x\(height)")
        if columns.isEmpty || rows.isEmpty { return RGBImage(width: columns.count, height: rows.count) }
        let needHorizontal = width != image.width
        let needVertical = height != image.height
        if !needHorizontal && !needVertical { return crop(image, columns: columns, rows: rows) }
        if filter == .nearest {
            return NearestResampler.resize(image, width: width, height: height, columns: columns, rows: rows)
        }
        let outWidth = columns.count, outHeight = rows.count
        let vertical = needVertical
            ? ResampleCoefficients(inSize: image.height, outSize: height, filter: filter, window: rows) : nil

        guard needHorizontal else {
            // Vertical pass alone, straight from the input's kept columns.
            var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
            image.pixels.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    verticalPass(src.baseAddress! + columns.lowerBound * 3, srcStride: image.width * 3,
                                 rowLength: outWidth * 3, rowShift: 0, coefficients: vertical!, out: dst.baseAddress!)
                }
            }
            return RGBImage(width: outWidth, height: outHeight, pixels: out)
        }

        // Horizontal pass over only the input rows the kept output rows read (the union of their
        // vertical windows), or the kept rows themselves when the height does not change.
        let horizontal = ResampleCoefficients(inSize: image.width, outSize: width, filter: filter, window: columns)
        let first = vertical?.firstUsed ?? rows.lowerBound
        let last = vertical?.lastUsed ?? rows.upperBound
        var temp = [UInt8](repeating: 0, count: outWidth * (last - first) * 3)
        image.pixels.withUnsafeBufferPointer { src in
            temp.withUnsafeMutableBufferPointer { dst in
                horizontalPass(src.baseAddress! + first * image.width * 3, inWidth: image.width,
                               rows: last - first, coefficients: horizontal, out: dst.baseAddress!)
            }
        }
        guard let vertical else { return RGBImage(width: outWidth, height: outHeight, pixels: temp) }
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        temp.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                verticalPass(src.baseAddress!, srcStride: outWidth * 3, rowLength: outWidth * 3,
                             rowShift: first, coefficients: vertical, out: dst.baseAddress!)
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: out)
    }

    /// The rectangle `columns` x `rows` of `image` (within bounds), as a new image.
    static func crop(_ image: RGBImage, columns: Range<Int>, rows: Range<Int>) -> RGBImage {
        if columns.count == image.width && rows.count == image.height { return image }
        let rowBytes = columns.count * 3
        var out = [UInt8](repeating: 0, count: rowBytes * rows.count)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (i, y) in rows.enumerated() {
                    let from = src.baseAddress! + (y * image.width + columns.lowerBound) * 3
                    (dst.baseAddress! + i * rowBytes).update(from: from, count: rowBytes)
                }
            }
        }
        return RGBImage(width: columns.count, height: rows.count, pixels: out)
    }

    @inline(__always) static func clip8(_ v: Int32) -> UInt8 {
        UInt8(clamping: v >> ResampleCoefficients.precisionBits)
    }

    /// `[rows, inWidth, 3]` → `[rows, c.outputs, 3]` (the output columns `c` holds).
    static func horizontalPass(_ src: UnsafePointer<UInt8>, inWidth: Int, rows: Int,
                               coefficients c: ResampleCoefficients, out: UnsafeMutablePointer<UInt8>) {
        let outWidth = c.outputs, ksize = c.kernelSize
        let half: Int32 = 1 << (ResampleCoefficients.precisionBits - 1)
        c.start.withUnsafeBufferPointer { start in
        c.count.withUnsafeBufferPointer { count in
        c.weights.withUnsafeBufferPointer { weights in
            for y in 0..<rows {
                let inRow = src + y * inWidth * 3
                let outRow = out + y * outWidth * 3
                for xx in 0..<outWidth {
                    let k = weights.baseAddress! + xx * ksize
                    var p = inRow + Int(start[xx]) * 3
                    var s0 = half, s1 = half, s2 = half
                    for x in 0..<Int(count[xx]) {
                        let w = k[x]
                        s0 &+= Int32(p[0]) &* w
                        s1 &+= Int32(p[1]) &* w
                        s2 &+= Int32(p[2]) &* w
                        p += 3
                    }
                    outRow[xx * 3] = clip8(s0)
                    outRow[xx * 3 + 1] = clip8(s1)
                    outRow[xx * 3 + 2] = clip8(s2)
                }
            }
        }
        }
        }
    }

    /// Rows of `rowLength` bytes, `srcStride` apart, numbered from `rowShift` →
    /// `[c.outputs, rowLength]` (the output rows `c` holds).
    static func verticalPass(_ src: UnsafePointer<UInt8>, srcStride: Int, rowLength: Int, rowShift: Int,
                             coefficients c: ResampleCoefficients, out: UnsafeMutablePointer<UInt8>) {
        let ksize = c.kernelSize
        let half: Int32 = 1 << (ResampleCoefficients.precisionBits - 1)
        let acc = UnsafeMutablePointer<Int32>.allocate(capacity: rowLength)
        defer { acc.deallocate() }
        c.start.withUnsafeBufferPointer { start in
        c.count.withUnsafeBufferPointer { count in
        c.weights.withUnsafeBufferPointer { weights in
            for yy in 0..<c.outputs {
                acc.update(repeating: half, count: rowLength)
                let first = Int(start[yy]) - rowShift
                for y in 0..<Int(count[yy]) {
                    let w = weights[yy * ksize + y]
                    let row = src + (first + y) * srcStride
                    for i in 0..<rowLength { acc[i] &+= Int32(row[i]) &* w }
                }
                let o = out + yy * rowLength
                for i in 0..<rowLength { o[i] = clip8(acc[i]) }
            }
        }
        }
        }
    }
}
