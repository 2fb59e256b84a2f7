import Tensor

/// `nn.Linear`: `y = x · wᵀ + b`, weight stored `[out, in]` as PyTorch stores it.
public enum LinearOp {
    /// `y[n, o] = x[n, i] · w[o, i]ᵀ + b[o]`, through `GEMM.linear`, the engine's own product.
    /// With `accumulate` the whole result, bias included, is added to `y` (residual connections).
    /// `y` must not alias `x`, `w` or `b`.
    public static func forward(x: UnsafePointer<Float>, w: UnsafePointer<Float>, b: UnsafePointer<Float>?,
                               y: UnsafeMutablePointer<Float>, n: Int, inFeatures: Int, outFeatures: Int, accumulate: Bool = false) {
        GEMM.linear(x, rows: n, inFeatures: inFeatures, weight: w, bias: b, outFeatures: outFeatures, into: y, accumulate: accumulate)
    }

    /// Given `dy[n, o]`, accumulates `dx[n, i] += dy · w`, `dw[o, i] += dyᵀ · x` and `db[o] += Σₙ dy[n, o]`
    /// (OpenBLAS products). A `nil` gradient is not computed. Gradients must not alias the inputs.
    public static func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
                                n: Int, inFeatures: Int, outFeatures: Int,
                                dx: UnsafeMutablePointer<Float>?, dw: UnsafeMutablePointer<Float>?, db: UnsafeMutablePointer<Float>?) {
        guard n > 0, outFeatures > 0 else { return }
        if let dx {
            GEMM.gemm(transA: false, transB: false, m: n, n: inFeatures, k: outFeatures,
                      a: dy, lda: outFeatures, b: w, ldb: inFeatures, beta: 1, c: dx, ldc: inFeatures)
        }
        if let dw {
            GEMM.gemm(transA: true, transB: false, m: outFeatures, n: inFeatures, k: n,
                      a: dy, lda: outFeatures, b: x, ldb: inFeatures, beta: 1, c: dw, ldc: inFeatures)
        }
        if let db {
            let acc = UnsafeMutableBufferPointer(start: db, count: outFeatures)
            for r in 0..<n {
                let row = dy + r * outFeatures
                for o in acc.indices { acc[o] += row[o] }
            }
        }
    }
}
