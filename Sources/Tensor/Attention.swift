/// Scaled dot-product multi-head attention over one sequence, heads laid side by side in the
/// feature dimension (`[T, H·hd]`, as PyTorch's `view(B, T, H, hd)`), matrix products by BLAS.
public enum AttentionKernel {
    /// For each head h: `out_h[tq, hd] = softmax(scale · q_h k_hᵀ) v_h`.
    ///
    /// - Parameters:
    ///   - q, k, v: row-major with row strides `ldq`, `ldk`, `ldv` (a fused QKV buffer passes its
    ///     column offsets and a stride of 3·D).
    ///   - validKeys: keys `0..<validKeys` are attended; later keys are masked (padding).
    ///   - causal: query `i` attends keys `0...i` only.
    ///   - scores: scratch of at least `tq · tk` floats.
    ///   - probs: if given, receives the attention probabilities `[H, tq, tk]`.
    public static func forward(
        q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, ldk: Int, v: UnsafePointer<Float>, ldv: Int,
        tq: Int, tk: Int, heads: Int, headDim: Int, scale: Float, causal: Bool, validKeys: Int? = nil,
        out: UnsafeMutablePointer<Float>, ldo: Int, scores: UnsafeMutablePointer<Float>,
        probs: UnsafeMutablePointer<Float>? = nil
    ) {
        let valid = validKeys ?? tk
        for h in 0..<heads {
            let off = h * headDim
            // scores[tq, tk] = scale · q_h · k_hᵀ
            GEMM.gemm(transA: false, transB: true, m: tq, n: tk, k: headDim, alpha: scale,
                      a: q + off, lda: ldq, b: k + off, ldb: ldk, beta: 0, c: scores, ldc: tk)
            SoftmaxKernel.forward(scores, rows: tq, cols: tk, ld: tk) { r in causal ? min(r + 1, valid) : valid }
            if let probs { (probs + h * tq * tk).update(from: scores, count: tq * tk) }
            // out_h[tq, hd] = scores · v_h
            GEMM.gemm(transA: false, transB: false, m: tq, n: headDim, k: tk,
                      a: scores, lda: tk, b: v + off, ldb: ldv, beta: 0, c: out + off, ldc: ldo)
        }
    }
}
