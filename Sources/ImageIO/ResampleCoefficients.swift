/// One axis of Pillow's separable resample (Resample.c `precompute_coeffs` followed by
/// `normalize_coeffs_8bpc`): for output index i the taps start at input `start[i]`, number
/// `count[i]`, and carry fixed-point weights `weights[i * kernelSize ..< i * kernelSize + count[i]]`
/// scaled by 2^22 (PRECISION_BITS = 32 - 8 - 2) and rounded half away from zero.
struct ResampleCoefficients: Sendable {
    static let precisionBits: Int32 = 22

    let inSize: Int
    let outSize: Int
    /// Stride between rows of `weights` (`ceil(support) * 2 + 1`).
    let kernelSize: Int
    let start: [Int32]
    let count: [Int32]
    let weights: [Int32]
    /// The normalised double weights before rounding (kept for the naive reference and tests).
    let doubleWeights: [Double]

    /// Coefficients for the full box [0, inSize) mapped onto `outSize` samples.
    init(inSize: Int, outSize: Int, filter: ResampleFilter) {
        precondition(inSize > 0 && outSize > 0 && filter != .nearest)
        self.inSize = inSize
        self.outSize = outSize
        // Pillow passes the box as floats; Float(inSize) - 0 is exact below 2^24.
        let scale = Double(Float(inSize) - Float(0)) / Double(outSize)
        let filterScale = max(scale, 1.0)
        let support = filter.support * filterScale
        let ksize = Int(support.rounded(.up)) * 2 + 1
        kernelSize = ksize
        var start = [Int32](repeating: 0, count: outSize)
        var count = [Int32](repeating: 0, count: outSize)
        var kk = [Double](repeating: 0, count: outSize * ksize)
        for xx in 0..<outSize {
            let center = 0.0 + (Double(xx) + 0.5) * scale
            let ss = 1.0 / filterScale
            // C's (int) cast truncates toward zero; for negatives the clamp below makes it moot.
            let xmin = max(Int(center - support + 0.5), 0)
            let xmax = min(Int(center + support + 0.5), inSize) - xmin
            var ww = 0.0
            for x in 0..<max(xmax, 0) {
                let w = filter.weight((Double(x + xmin) - center + 0.5) * ss)
                kk[xx * ksize + x] = w
                ww += w
            }
            if ww != 0 {
                for x in 0..<max(xmax, 0) { kk[xx * ksize + x] /= ww }
            }
            start[xx] = Int32(xmin)
            count[xx] = Int32(max(xmax, 0))
        }
        self.start = start
        self.count = count
        doubleWeights = kk
        let one = Double(1 << Self.precisionBits)
        weights = kk.map { $0 < 0 ? Int32(-0.5 + $0 * one) : Int32(0.5 + $0 * one) }
    }

    /// First input index any output sample reads.
    var firstUsed: Int { Int(start[0]) }
    /// One past the last input index any output sample reads (Pillow's `ybox_last`).
    var lastUsed: Int { Int(start[outSize - 1] + count[outSize - 1]) }
}
