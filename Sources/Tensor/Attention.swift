import CKernels

/// Scaled dot-product multi-head attention over one sequence, heads laid side by side in the
/// feature dimension (`[T, H·hd]`, as PyTorch's `view(B, T, H, hd)`).
///
/// All heads run in one CKernels call (`attention.c`: AVX2 dot products, the vector exp of the
/// activations, heads split across the compute pool). It replaced two OpenBLAS calls per head,
/// whose per-call overhead dominated these 50 × 50 × 64 products and which ran on one thread.
/// `NaiveKernels.attention` is its Double twin.
public enum AttentionKernel {
    /// For each head h: `out_h[tq, hd] = softmax(scale · q_h k_hᵀ) v_h`.
    ///
    /// - Parameters:
    ///   - q, k, v: row-major with row strides `ldq`, `ldk`, `ldv` (a fused QKV buffer passes its
    ///     column offsets and a stride of 3·D).
    ///   - validKeys: keys `0..<validKeys` are attended; later keys are masked (padding).
    ///   - causal: query `i` attends keys `0...i` only.
    ///   - probs: if given, receives the attention probabilities `[H, tq, tk]` (0 for masked keys).
    ///   `out` must not alias `q`, `k` or `v`.
    public static func forward(
        q: UnsafePointer<Float>, ldq: Int, k: UnsafePointer<Float>, ldk: Int, v: UnsafePointer<Float>, ldv: Int,
        tq: Int, tk: Int, heads: Int, headDim: Int, scale: Float, causal: Bool, validKeys: Int? = nil,
        out: UnsafeMutablePointer<Float>, ldo: Int, probs: UnsafeMutablePointer<Float>? = nil
    ) {
        var args = ckernels_attention_args(
            q: q, ldq: ldq, k: k, ldk: ldk, v: v, ldv: ldv, tq: tq, tk: tk, heads: heads, head_dim: headDim, scale: scale,
            causal: causal ? 1 : 0, valid: min(validKeys ?? tk, tk), out: out, ldo: ldo, probs: probs)
        ckernels_attention(&args, Int32(GEMMBackend.threads))
    }
}
