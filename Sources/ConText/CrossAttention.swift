import CLIP
import ModelIO
import Tensor

/// The reference's `MultiheadCrossAttention`: queries from the vision tokens (`D → D`), keys and
/// values from the text states (`text_dim → D`), `H` heads, `head_dim^-½` scaling after the
/// product, softmax over the real text tokens only, `out_proj`.
public struct CrossAttention: Sendable {
    public let qProj: Linear     // [D, D]
    /// k and v projections stacked `[2D, text_dim]`.
    public let kvProj: Linear
    public let outProj: Linear   // [D, D]
    public let heads: Int

    public var dim: Int { qProj.outFeatures }

    public static func load(_ s: WeightStore, _ prefix: String, dim d: Int, keyDim: Int, heads: Int) throws(ModelLoadError) -> CrossAttention {
        CrossAttention(
            qProj: try Linear.load(s, prefix + ".q_proj", in: d, out: d),
            kvProj: try Linear.loadStacked(s, [prefix + ".k_proj", prefix + ".v_proj"], in: keyDim, outs: [d, d]),
            outProj: try Linear.load(s, prefix + ".out_proj", in: d, out: d),
            heads: heads)
    }

    /// Keys and values for one batch of text: `kv[rows, 2D]` from `text[rows, text_dim]`.
    func keysValues(_ text: UnsafePointer<Float>, rows: Int, into kv: UnsafeMutablePointer<Float>) {
        kvProj(text, rows: rows, into: kv)
    }

    /// `context[tq, D] = attn(q[tq, D], kv)` for one query sequence against one text, before
    /// `out_proj`: the caller runs `outProj` once over every pair's rows, so a batch reads the
    /// projection's weights once instead of once per pair (bit-identical: each output row of the
    /// product depends on its own input row only).
    /// `probs`, if given, receives the attention probabilities `[H, tq, tk]`.
    func attend(q: UnsafePointer<Float>, tq: Int, kv: UnsafePointer<Float>, tk: Int,
                context: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>?) {
        let d = dim, hd = d / heads
        AttentionKernel.forward(q: q, ldq: d, k: kv, ldk: 2 * d, v: kv + d, ldv: 2 * d, tq: tq, tk: tk,
                                heads: heads, headDim: hd, scale: 1 / Float(hd).squareRoot(), causal: false,
                                out: context, ldo: d, probs: probs)
    }
}
