/// Row-wise layer normalisation, `torch.nn.LayerNorm` semantics (biased variance, eps inside the
/// square root). Mean and variance accumulate in Double: the reference's float32 reductions are
/// closer to the exact value than to any particular float32 summation order.
public enum LayerNormKernel {
    /// `y[r, :] = (x[r, :] - mean) / sqrt(var + eps) · gamma + beta` for `rows` rows of `dim`.
    /// `x` and `y` may alias.
    @inlinable
    public static func forward(
        _ x: UnsafePointer<Float>, rows: Int, dim: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float,
        into y: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<rows {
            let xr = x + r * dim, yr = y + r * dim
            var sum = 0.0
            for j in 0..<dim { sum += Double(xr[j]) }
            let mean = sum / Double(dim)
            var sq = 0.0
            for j in 0..<dim { let d = Double(xr[j]) - mean; sq += d * d }
            let inv = Float(1 / (sq / Double(dim) + Double(eps)).squareRoot())
            let m = Float(mean)
            for j in 0..<dim { yr[j] = (xr[j] - m) * inv * gamma[j] + beta[j] }
        }
    }
}
