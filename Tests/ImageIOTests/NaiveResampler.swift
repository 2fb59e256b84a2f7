@testable import ImageIO

/// Obviously-correct twins of the fast resampler, written straight from Resample.c with no
/// pointers, caches or row skipping tricks.
enum NaiveResampler {
    /// Pillow's fixed-point algorithm, one output sample at a time, full temporary image.
    static func pillow(_ image: RGBImage, width: Int, height: Int, filter: ResampleFilter) -> RGBImage {
        let hc = ResampleCoefficients(inSize: image.width, outSize: width, filter: filter)
        let vc = ResampleCoefficients(inSize: image.height, outSize: height, filter: filter)
        func clip(_ v: Int) -> UInt8 { UInt8(max(0, min(255, v >> 22))) }
        var temp = image
        if width != image.width {
            var px = [UInt8](repeating: 0, count: width * image.height * 3)
            for y in 0..<image.height {
                for x in 0..<width {
                    for c in 0..<3 {
                        var s = 1 << 21
                        for t in 0..<Int(hc.count[x]) {
                            s += Int(image.pixels[(y * image.width + Int(hc.start[x]) + t) * 3 + c]) * Int(hc.weights[x * hc.kernelSize + t])
                        }
                        px[(y * width + x) * 3 + c] = clip(s)
                    }
                }
            }
            temp = RGBImage(width: width, height: image.height, pixels: px)
        }
        guard height != image.height else { return temp }
        var px = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    var s = 1 << 21
                    for t in 0..<Int(vc.count[y]) {
                        s += Int(temp.pixels[((Int(vc.start[y]) + t) * width + x) * 3 + c]) * Int(vc.weights[y * vc.kernelSize + t])
                    }
                    px[(y * width + x) * 3 + c] = clip(s)
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: px)
    }

    /// The same separable filter in double precision without fixed point or intermediate
    /// rounding: the ideal the fixed-point result approximates to within a couple of levels.
    static func ideal(_ image: RGBImage, width: Int, height: Int, filter: ResampleFilter) -> [Double] {
        let hc = ResampleCoefficients(inSize: image.width, outSize: width, filter: filter)
        let vc = ResampleCoefficients(inSize: image.height, outSize: height, filter: filter)
        var temp = [Double](repeating: 0, count: width * image.height * 3)
        for y in 0..<image.height {
            for x in 0..<width {
                for c in 0..<3 {
                    var s = 0.0
                    for t in 0..<Int(hc.count[x]) {
                        let w = width == image.width ? (Int(hc.start[x]) + t == x ? 1.0 : 0.0) : hc.doubleWeights[x * hc.kernelSize + t]
                        s += Double(image.pixels[(y * image.width + Int(hc.start[x]) + t) * 3 + c]) * w
                    }
                    temp[(y * width + x) * 3 + c] = s
                }
            }
        }
        var out = [Double](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    var s = 0.0
                    for t in 0..<Int(vc.count[y]) {
                        let w = height == image.height ? (Int(vc.start[y]) + t == y ? 1.0 : 0.0) : vc.doubleWeights[y * vc.kernelSize + t]
                        s += temp[((Int(vc.start[y]) + t) * width + x) * 3 + c] * w
                    }
                    out[(y * width + x) * 3 + c] = min(255, max(0, s))
                }
            }
        }
        return out
    }
}
