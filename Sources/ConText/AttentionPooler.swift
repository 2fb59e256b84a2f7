import CLIP
import ModelIO
import Tensor

/// The reference's `AttentionPooler`: one learned query cross-attends to all fused vision tokens
/// (CLS included, no mask, no LayerNorm before it, no residual), then `norm`.
public struct AttentionPooler: Sendable {
    /// `q_proj(queries)`: constant per model, so computed once at load. `[D]`
    public let projectedQuery: FloatBuffer
    public let attention: CrossAttention
    public let norm: LayerNorm

    public static func load(_ s: WeightStore, dim d: Int, heads: Int) throws(ModelLoadError) -> AttentionPooler {
        let queries = try s.load("attn_pooler.queries", shape: [1, 1, d])
        let attention = try CrossAttention.load(s, "attn_pooler.attention", dim: d, keyDim: d, heads: heads)
        let q = FloatBuffer(count: d)
        attention.qProj(queries.pointer, rows: 1, into: q.pointer)
        return AttentionPooler(projectedQuery: q, attention: attention,
                               norm: try LayerNorm.load(s, "attn_pooler.norm", dim: d, eps: FusionLayer.layerNormEps))
    }
}
