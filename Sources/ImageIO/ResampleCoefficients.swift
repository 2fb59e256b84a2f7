/// One axis of Pillow's separable resample (Resample.c `precompute_coeffs` followed by
/// `normalize_coeffs_8bpc`): for output index i the taps start at input `start[i - outStart]`,
/// number `count[i - outStart]`, and carry fixed-point weights
/// `weights[(i - outStart) * kernelSize ..< (i - outStart) * kernelSize + count[i - outStart]]`
/// scaled by 2^22 (PRECISION_BITS = 32 - 8 - 2) and rounded half away from zero.
///
/// A coefficient row depends only on its output index, `inSize`, `outSize` and the filter, so the
/// rows can be computed for a window `outStart ..< outStart + outputs` of the output axis alone:
/// the windowed resize uses that to produce only the pixels a center crop keeps, with bytes
/// identical to the same rows of the full resize.
struct ResampleCoefficients: Sendable {
    static let precisionBits: Int32 = 22

    let inSize: Int
    /// The full output size the scale is computed from (not the number of rows held).
    let outSize: Int
    /// First output index held.
    let outStart: Int
    /// Stride between rows of `weights` (`ceil(support) * 2 + 1`).
    let kernelSize: Int
    let start: [Int32]
    let count: [Int32]
    let weights: [Int32]
    /// The normalised double weights before rounding (kept for the naive reference and tests).
    let doubleWeights: [Double]

    /// Number of output indices held (`outSize` unless windowed).
    var outputs: Int { start.count }

    /// Coefficients for the full box [0, inSize) mapped onto `outSize` samples.
    init(inSize: Int, outSize: Int, filter: ResampleFilter) {
        self.init(inSize: inSize, outSize: outSize, filter: filter, window: 0..<outSize)
    }

    /// The rows `window` (a non-empty sub-range of `0..<outSize`) of the full coefficients.
    init(inSize: Int, outSize: Int, filter: ResampleFilter, window: Range<Int>) {
        precondition(inSize > 0 && outSize > 0 && filter != .nearest)
        precondition(!window.isEmpty && window.lowerBound >= 0 && window.upperBound <= outSize)
        self.inSize = inSize
        self.outSize = outSize
        outStart = window.lowerBound
        // Pillow passes the box as floats; Float(inSize) - 0 is exact below 2^24.
        let scale = Double(Float(inSize) - Float(0)) / Double(outSize)
        let filterScale = max(scale, 1.0)
        let support = filter.support * filterScale
        let ksize = Int(support.rounded(.up)) * 2 + 1
        kernelSize = ksize
        let n = window.count
        var start = [Int32](repeating: 0, count: n)
        var count = [Int32](repeating: 0, count: n)
        var kk = [Double](repeating: 0, count: n * ksize)
        for i in 0..<n {
            let xx = window.lowerBound + i
            let center = 0.0 + (Double(xx) + 0.5) * scale
            let ss = 1.0 / filterScale
            // C's (int) cast truncates toward zero; for negatives the clamp below makes it moot.
            let xmin = max(Int(center - support + 0.5), 0)
            let xmax = min(Int(center + support + 0.5), inSize) - xmin
            var ww = 0.0
            for x in 0..<max(xmax, 0) {
                let w = filter.weight((Double(x + xmin) - center + 0.5) * ss)
                kk[i * ksize + x] = w
                ww += w
            }
            if ww != 0 {
                for x in 0..<max(xmax, 0) { kk[i * ksize + x] /= ww }
            }
            start[i] = Int32(xmin)
            count[i] = Int32(max(xmax, 0))
        }
        self.start = start
        self.count = count
        doubleWeights = kk
        let one = Double(1 << Self.precisionBits)
        weights = kk.map { $0 < 0 ? Int32(-0.5 + $0 * one) : Int32(0.5 + $0 * one) }
    }

    /// First input index any held output sample reads (Pillow's `ybox_first` for a full set).
    var firstUsed: Int { Int(start.min() ?? 0) }
    /// One past the last input index any held output sample reads (Pillow's `ybox_last`).
    var lastUsed: Int { Int(zip(start, count).map { $0 + $1 }.max() ?? 0) }
}
