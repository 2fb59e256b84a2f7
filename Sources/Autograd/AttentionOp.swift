import Tensor

/// Multi-head scaled dot-product attention over one sequence (self or cross), heads side by side in
/// the feature dimension: q `[tq, H·hd]`, k and v `[tk, H·hd]`, as PyTorch's `view(T, H, hd)`.
public enum AttentionOp {
    /// For each head h: `out_h[tq, hd] = softmax(scale · q_h k_hᵀ + mask) v_h`, through
    /// `AttentionKernel` (the engine's kernel). Masks: `causal` (query i sees keys 0...i) and/or
    /// `validKeys` (keys ≥ validKeys are padding); a query with no visible key gets zeros.
    ///
    /// - Parameters:
    ///   - ldq, ldk, ldv, ldo: row strides (a fused `[T, 3·D]` QKV buffer passes `3·D` and column offsets).
    ///   - probs: REQUIRED `[H, tq, tk]` output, the softmax probabilities saved for `backward`
    ///     (0 where masked).
    ///   `out` must not alias `q`, `k` or `v`.
    public static func forward(q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, ldk: Int, v: UnsafePointer<Float>, ldv: Int,
                               tq: Int, tk: Int, heads: Int, headDim: Int, scale: Float, causal: Bool, validKeys: Int? = nil,
                               out: UnsafeMutablePointer<Float>, ldo: Int, probs: UnsafeMutablePointer<Float>) {
        AttentionKernel.forward(q: q, ldq: ldq, k: k, ldk: ldk, v: v, ldv: ldv, tq: tq, tk: tk, heads: heads, headDim: headDim,
                                scale: scale, causal: causal, validKeys: validKeys, out: out, ldo: ldo, probs: probs)
    }

    /// Given `dout[tq, H·hd]` (stride `ldo`) and the forward's `probs`, accumulates per head
    /// `dv_h += Pᵀ dout_h`, `dq_h += scale · dS k_h`, `dk_h += scale · dSᵀ q_h` with
    /// `dS = P ⊙ (dP − rowsum(P ⊙ dP))`, `dP = dout_h v_hᵀ` (OpenBLAS products). The masks need
    /// not be repeated: masked probabilities are 0, so their gradients are too.
    ///
    /// `dq`, `dk`, `dv` use the row strides of `q`, `k`, `v` (a fused `[T, 3·D]` QKV gradient
    /// buffer works); a `nil` gradient is not computed. Allocates one `[tq, tk]` scratch per call.
    public static func backward(dout: UnsafePointer<Float>, ldo: Int,
                                q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, ldk: Int, v: UnsafePointer<Float>, ldv: Int,
                                probs: UnsafePointer<Float>, tq: Int, tk: Int, heads: Int, headDim: Int, scale: Float,
                                dq: UnsafeMutablePointer<Float>?, dk: UnsafeMutablePointer<Float>?, dv: UnsafeMutablePointer<Float>?) {
        guard tq > 0, tk > 0, heads > 0, headDim > 0 else { return }
        let needScores = dq != nil || dk != nil
        withUnsafeTemporaryAllocation(of: Float.self, capacity: needScores ? tq * tk : 1) { scratch in
            let ds = scratch.baseAddress!
            for h in 0..<heads {
                let off = h * headDim, p = probs + h * tq * tk
                if let dv {
                    GEMM.gemm(transA: true, transB: false, m: tk, n: headDim, k: tq,
                              a: p, lda: tk, b: dout + off, ldb: ldo, beta: 1, c: dv + off, ldc: ldv)
                }
                guard needScores else { continue }
                GEMM.gemm(transA: false, transB: true, m: tq, n: tk, k: headDim,
                          a: dout + off, lda: ldo, b: v + off, ldb: ldv, beta: 0, c: ds, ldc: tk)
                softmaxBackwardRows(probs: p, grad: ds, rows: tq, cols: tk)
                if let dq {
                    GEMM.gemm(transA: false, transB: false, m: tq, n: headDim, k: tk, alpha: scale,
                              a: ds, lda: tk, b: k + off, ldb: ldk, beta: 1, c: dq + off, ldc: ldq)
                }
                if let dk {
                    GEMM.gemm(transA: true, transB: false, m: tk, n: headDim, k: tq, alpha: scale,
                              a: ds, lda: tk, b: q + off, ldb: ldq, beta: 1, c: dk + off, ldc: ldk)
                }
            }
        }
    }

    /// In place over `grad[rows, cols]`: `g ← p ⊙ (g − Σⱼ p g)` per row, the softmax Jacobian
    /// applied to the gradient of its output.
    static func softmaxBackwardRows(probs: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let p = UnsafeBufferPointer(start: probs + r * cols, count: cols)
            let g = UnsafeMutableBufferPointer(start: grad + r * cols, count: cols)
            var dot = 0.0
            for j in g.indices { dot += Double(p[j]) * Double(g[j]) }
            let d = Float(dot)
            for j in g.indices { g[j] = p[j] * (g[j] - d) }
        }
    }
}
