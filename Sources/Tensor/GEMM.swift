import CBLAS

/// Matrix products, the ~97% of the model's FLOPs (DESIGN §8). All matrices are row-major.
public enum GEMM {
    /// `y[M, N] = x[M, K] · w[N, K]ᵀ (+ bias[N])`: a PyTorch `nn.Linear`, whose weight is stored
    /// `[out, in]`. `ldx`/`ldy` are the row strides of `x` and `y` (default: dense).
    @inlinable
    public static func linear(
        _ x: UnsafePointer<Float>, rows m: Int, inFeatures k: Int,
        weight w: UnsafePointer<Float>, bias: UnsafePointer<Float>?, outFeatures n: Int,
        into y: UnsafeMutablePointer<Float>, ldx: Int? = nil, ldy: Int? = nil, accumulate: Bool = false
    ) {
        guard m > 0, n > 0 else { return }
        let ldy = ldy ?? n
        if let bias, !accumulate {
            for r in 0..<m { (y + r * ldy).update(from: bias, count: n) }
        }
        let beta: Float = (bias != nil || accumulate) ? 1 : 0
        if k == 0 { return }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                    1, x, Int32(ldx ?? k), w, Int32(k), beta, y, Int32(ldy))
        if let bias, accumulate {
            for r in 0..<m {
                let row = y + r * ldy
                for j in 0..<n { row[j] += bias[j] }
            }
        }
    }

    /// General `c[M, N] = alpha · op(a) · op(b) + beta · c` with explicit leading dimensions.
    @inlinable
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
