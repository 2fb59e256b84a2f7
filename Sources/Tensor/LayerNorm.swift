import CKernels

/// Row-wise layer normalisation, `torch.nn.LayerNorm` semantics (biased variance, eps inside the
/// square root). Mean and variance accumulate in Double: the reference's float32 reductions are
/// closer to the exact value than to any particular float32 summation order. AVX2 code in
/// CKernels `layernorm.c`; `NaiveKernels.layerNorm` is its twin.
public enum LayerNormKernel {
    /// `y[r, :] = (x[r, :] - mean) / sqrt(var + eps) · gamma + beta` for `rows` rows of `dim`.
    /// `x` and `y` may alias.
    @inlinable
    public static func forward(
        _ x: UnsafePointer<Float>, rows: Int, dim: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float,
        into y: UnsafeMutablePointer<Float>
    ) {
        ckernels_layernorm(x, rows, dim, gamma, beta, eps, y)
    }
}
