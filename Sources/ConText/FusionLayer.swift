import CLIP
import ModelIO
import Tensor

/// One residual fusion block of the reference head:
/// `v += CrossAttn(attn_norm(v), t)`; `v += fc2(GELU(fc1(ffn_norm(v))))`.
/// Its LayerNorms use eps 1e-5 and its FFN exact GELU whatever the backbone's config says.
public struct FusionLayer: Sendable {
    public static let layerNormEps: Float = 1e-5

    public let attnNorm: LayerNorm
    public let crossAttention: CrossAttention
    public let ffnNorm: LayerNorm
    public let fc1: Linear   // [4D, D]
    public let fc2: Linear   // [D, 4D]

    public static func load(_ s: WeightStore, index i: Int, dim d: Int, textDim: Int, heads: Int) throws(ModelLoadError) -> FusionLayer {
        FusionLayer(
            attnNorm: try LayerNorm.load(s, "fusion_attn_norms.\(i)", dim: d, eps: layerNormEps),
            crossAttention: try CrossAttention.load(s, "cross_attn_layers.\(i)", dim: d, keyDim: textDim, heads: heads),
            ffnNorm: try LayerNorm.load(s, "fusion_ffn_norms.\(i)", dim: d, eps: layerNormEps),
            fc1: try Linear.load(s, "fusion_ffns.\(i).0", in: d, out: 4 * d),
            fc2: try Linear.load(s, "fusion_ffns.\(i).3", in: 4 * d, out: d))
    }
}
