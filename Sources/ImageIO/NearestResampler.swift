/// Pillow's NEAREST resize: an affine scale (Geometry.c `ImagingScaleAffine`) whose source
/// coordinate starts at the first pixel centre and advances by accumulated double steps, with
/// `COORD(v) = v < 0 ? -1 : Int(v)`.
enum NearestResampler {
    static func resize(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        let a0 = Double(Float(image.width)) / Double(width)
        let a4 = Double(Float(image.height)) / Double(height)
        var xo = a0 * 0.5
        var xin = [Int](repeating: -1, count: width)
        for x in 0..<width {
            let c = xo < 0 ? -1 : Int(xo)
            if c >= 0 && c < image.width { xin[x] = c }
            xo += a0
        }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        var yo = a4 * 0.5
        for y in 0..<height {
            let yi = yo < 0 ? -1 : Int(yo)
            yo += a4
            guard yi >= 0 && yi < image.height else { continue }
            for x in 0..<width where xin[x] >= 0 {
                for c in 0..<3 { out[(y * width + x) * 3 + c] = image.pixels[(yi * image.width + xin[x]) * 3 + c] }
            }
        }
        return RGBImage(width: width, height: height, pixels: out)
    }
}
