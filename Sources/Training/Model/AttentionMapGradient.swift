import Tensor

/// Backward of a loss placed directly on attention probabilities (the TCC term), for the
/// attention `out_h = softmax(scale · q_h k_hᵀ) v_h` with probabilities `probs[H, tq, tk]`:
/// `dS = P ⊙ (dP − rowsum(dP ⊙ P))`, `dq_h += scale · dS k_h`, `dk_h += scale · dSᵀ q_h`
/// (v is not involved). Accumulates into `dq`/`dk`, which use the strides of `q`/`k`.
enum AttentionMapGradient {
    static func backward(dProbs: UnsafePointer<Float>, probs: UnsafePointer<Float>, q: UnsafePointer<Float>, ldq: Int,
                         k: UnsafePointer<Float>, ldk: Int, tq: Int, tk: Int, heads: Int, headDim hd: Int, scale: Float,
                         dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        for h in 0..<heads {
            let p = probs + h * tq * tk, g = dProbs + h * tq * tk
            var any = false
            for i in 0..<(tq * tk) where g[i] != 0 { any = true; break }
            guard any else { continue }
            for r in 0..<tq {
                var dot: Float = 0
                for c in 0..<tk { dot += g[r * tk + c] * p[r * tk + c] }
                for c in 0..<tk { scratch[r * tk + c] = p[r * tk + c] * (g[r * tk + c] - dot) }
            }
            GEMM.gemm(transA: false, transB: false, m: tq, n: hd, k: tk, alpha: scale, a: scratch, lda: tk, b: k + h * hd, ldb: ldk,
                      beta: 1, c: dq + h * hd, ldc: ldq)
            GEMM.gemm(transA: true, transB: false, m: tk, n: hd, k: tq, alpha: scale, a: scratch, lda: tk, b: q + h * hd, ldb: ldq,
                      beta: 1, c: dk + h * hd, ldc: ldk)
        }
    }
}
