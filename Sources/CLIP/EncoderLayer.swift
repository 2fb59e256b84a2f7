import ModelIO
import Tensor

/// One pre-LN transformer block of HF `CLIPEncoderLayer`:
/// `h += out_proj(attn(ln1(h)))`, `h += fc2(act(fc1(ln2(h))))`.
public struct EncoderLayer: Sendable {
    public let ln1: LayerNorm
    /// q, k, v projections stacked `[3D, D]`, q pre-scaled by `head_dim^-½`.
    public let qkv: Linear
    public let outProj: Linear
    public let ln2: LayerNorm
    public let fc1: Linear
    public let fc2: Linear
    public let activation: Activation
    public let heads: Int

    public var dim: Int { outProj.outFeatures }

    /// Loads `prefix.{layer_norm1, self_attn.{q,k,v,out}_proj, layer_norm2, mlp.fc1, mlp.fc2}`.
    public static func load(_ s: WeightStore, _ prefix: String, dim d: Int, intermediate: Int, heads: Int,
                            activation: Activation, eps: Float) throws(ModelLoadError) -> EncoderLayer {
        let scale = 1 / Float(d / heads).squareRoot()
        let qkv = try Linear.loadStacked(s, ["q", "k", "v"].map { prefix + ".self_attn.\($0)_proj" }, in: d, outs: [d, d, d],
                                         scales: [scale, 1, 1])
        return EncoderLayer(
            ln1: try LayerNorm.load(s, prefix + ".layer_norm1", dim: d, eps: eps),
            qkv: qkv,
            outProj: try Linear.load(s, prefix + ".self_attn.out_proj", in: d, out: d),
            ln2: try LayerNorm.load(s, prefix + ".layer_norm2", dim: d, eps: eps),
            fc1: try Linear.load(s, prefix + ".mlp.fc1", in: d, out: intermediate),
            fc2: try Linear.load(s, prefix + ".mlp.fc2", in: intermediate, out: d),
            activation: activation, heads: heads)
    }

    /// Updates `h[rows, D]` in place. Attention stays within each segment; `causal` masks later
    /// tokens (the text encoder).
    public func forward(_ h: UnsafeMutablePointer<Float>, segments: Segments, causal: Bool, workspace ws: inout Workspace) {
        let rows = segments.rows, d = dim, hd = d / heads
        let normed = ws.scratch(0, count: rows * d)
        let qkvBuf = ws.scratch(1, count: rows * 3 * d)
        let attn = ws.scratch(2, count: rows * d)

        ln1(h, rows: rows, into: normed)
        qkv(normed, rows: rows, into: qkvBuf)
        for s in 0..<segments.count {
            let r0 = segments.starts[s], t = segments.lengths[s]
            let base = qkvBuf + r0 * 3 * d
            AttentionKernel.forward(q: base, ldq: 3 * d, k: base + d, ldk: 3 * d, v: base + 2 * d, ldv: 3 * d,
                                    tq: t, tk: t, heads: heads, headDim: hd, scale: 1, causal: causal,
                                    out: attn + r0 * d, ldo: d)
        }
        outProj(attn, rows: rows, into: h, accumulate: true)

        ln2(h, rows: rows, into: normed)
        let mid = ws.scratch(4, count: rows * fc1.outFeatures)
        fc1(normed, rows: rows, into: mid, activation: activation)
        fc2(mid, rows: rows, into: h, accumulate: true)
    }
}
