/// Pillow 9.4's `Image.resize` for 8-bit RGB (Resample.c `ImagingResampleInner` with the
/// `_8bpc` passes): horizontal pass over only the rows the vertical pass will read, uint8
/// clip-rounding into a temporary image, then the vertical pass. A pass is skipped when its axis
/// keeps its size; an unchanged size returns the image as is. `.nearest` follows Pillow's affine
/// nearest-neighbour path instead.
///
/// Arithmetic per output sample: `clip8((2^21 + Σ pixel·weight) >> 22)` in wrapping Int32,
/// exactly as the C code (sums stay far from overflow for these kernels).
public enum PillowResampler {
    /// `image.resize((width, height), resample=filter)` for an RGB image.
    public static func resize(_ image: RGBImage, width: Int, height: Int, filter: ResampleFilter) -> RGBImage {
        precondition(width > 0 && height > 0, "resize to \(width)x\(height)")
        if image.width == width && image.height == height { return image }
        if filter == .nearest { return NearestResampler.resize(image, width: width, height: height) }
        let horizontal = ResampleCoefficients(inSize: image.width, outSize: width, filter: filter)
        let vertical = ResampleCoefficients(inSize: image.height, outSize: height, filter: filter)
        return resize(image, horizontal: horizontal, vertical: vertical)
    }

    /// The two passes with precomputed coefficients (callers may cache them per size pair).
    static func resize(_ image: RGBImage, horizontal: ResampleCoefficients, vertical: ResampleCoefficients) -> RGBImage {
        let width = horizontal.outSize, height = vertical.outSize
        let needHorizontal = width != image.width
        let needVertical = height != image.height
        if !needHorizontal && !needVertical { return image }

        var current = image
        var rowShift = 0
        if needHorizontal {
            let first = vertical.firstUsed, last = vertical.lastUsed
            var out = [UInt8](repeating: 0, count: width * (last - first) * 3)
            image.pixels.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    horizontalPass(src.baseAddress! + first * image.width * 3, inWidth: image.width,
                                   rows: last - first, coefficients: horizontal, out: dst.baseAddress!)
                }
            }
            current = RGBImage(width: width, height: last - first, pixels: out)
            rowShift = first
        }
        guard needVertical else { return current }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        current.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                verticalPass(src.baseAddress!, width: width, rowShift: rowShift,
                             coefficients: vertical, out: dst.baseAddress!)
            }
        }
        return RGBImage(width: width, height: height, pixels: out)
    }

    @inline(__always) static func clip8(_ v: Int32) -> UInt8 {
        UInt8(clamping: v >> ResampleCoefficients.precisionBits)
    }

    /// `[rows, inWidth, 3]` → `[rows, outWidth, 3]`.
    static func horizontalPass(_ src: UnsafePointer<UInt8>, inWidth: Int, rows: Int,
                               coefficients c: ResampleCoefficients, out: UnsafeMutablePointer<UInt8>) {
        let outWidth = c.outSize, ksize = c.kernelSize
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

    /// `[*, width, 3]` (rows offset by `rowShift`) → `[outSize, width, 3]`.
    static func verticalPass(_ src: UnsafePointer<UInt8>, width: Int, rowShift: Int,
                             coefficients c: ResampleCoefficients, out: UnsafeMutablePointer<UInt8>) {
        let rowLength = width * 3, ksize = c.kernelSize
        let half: Int32 = 1 << (ResampleCoefficients.precisionBits - 1)
        let acc = UnsafeMutablePointer<Int32>.allocate(capacity: rowLength)
        defer { acc.deallocate() }
        c.start.withUnsafeBufferPointer { start in
        c.count.withUnsafeBufferPointer { count in
        c.weights.withUnsafeBufferPointer { weights in
            for yy in 0..<c.outSize {
                acc.update(repeating: half, count: rowLength)
                let first = Int(start[yy]) - rowShift
                for y in 0..<Int(count[yy]) {
                    let w = weights[yy * ksize + y]
                    let row = src + (first + y) * rowLength
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
