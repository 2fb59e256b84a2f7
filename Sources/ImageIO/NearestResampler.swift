/// Pillow's NEAREST resize: an affine scale (Geometry.c `ImagingScaleAffine`) whose source
/// coordinate starts at the first pixel centre and advances by accumulated double steps, with
/// `COORD(v) = v < 0 ? -1 : Int(v)`.
enum NearestResampler {
    static func resize(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        resize(image, width: width, height: height, columns: 0..<width, rows: 0..<height)
    }

    /// Columns `columns` and rows `rows` of the full result. The source coordinates are still
    /// accumulated from index 0 (no allocation, one addition per skipped index), so they are the
    /// same doubles as in the full scale.
    static func resize(_ image: RGBImage, width: Int, height: Int, columns: Range<Int>, rows: Range<Int>) -> RGBImage {
        let xin = sourceIndices(inSize: image.width, outSize: width, window: columns)
        let yin = sourceIndices(inSize: image.height, outSize: height, window: rows)
        let outWidth = columns.count
        var out = [UInt8](repeating: 0, count: outWidth * rows.count * 3)
        for (y, yi) in yin.enumerated() where yi >= 0 {
            for x in 0..<outWidth where xin[x] >= 0 {
                for c in 0..<3 { out[(y * outWidth + x) * 3 + c] = image.pixels[(yi * image.width + xin[x]) * 3 + c] }
            }
        }
        return RGBImage(width: outWidth, height: rows.count, pixels: out)
    }

    /// The input index of each output index in `window` (-1 outside the input).
    private static func sourceIndices(inSize: Int, outSize: Int, window: Range<Int>) -> [Int] {
        let step = Double(Float(inSize)) / Double(outSize)
        var indices = [Int](repeating: -1, count: window.count)
        var v = step * 0.5
        for i in 0..<window.upperBound {
            if i >= window.lowerBound {
                let c = v < 0 ? -1 : Int(v)
                if c >= 0 && c < inSize { indices[i - window.lowerBound] = c }
            }
            v += step
        }
        return indices
    }
}
