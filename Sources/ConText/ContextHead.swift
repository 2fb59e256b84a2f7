import CLIP
import ModelIO
import Tensor

/// The ConText fusion head (reference `ConText.forward` after the encoders): fusion layers over
/// the vision tokens attending to the text, the attention pooler, and `query_projection`.
public struct ContextHead: Sendable {
    public let config: ContextHeadConfig
    public let layers: [FusionLayer]
    public let pooler: AttentionPooler
    public let queryProjection: Linear   // [P, D] with bias

    public var dim: Int { queryProjection.inFeatures }

    public static func load(_ s: WeightStore, config c: ContextHeadConfig, visionDim d: Int, textDim: Int,
                            projectionDim: Int) throws(ModelLoadError) -> ContextHead {
        var layers: [FusionLayer] = []
        for i in 0..<c.crossAttnLayers {
            layers.append(try FusionLayer.load(s, index: i, dim: d, textDim: textDim, heads: c.heads))
        }
        return ContextHead(config: c, layers: layers, pooler: try AttentionPooler.load(s, dim: d, heads: c.heads),
                           queryProjection: try Linear.load(s, "query_projection", in: d, out: projectionDim))
    }

    /// Fuses `Q` (image, text) pairs into query embeddings (not yet L2-normalised).
    /// - Parameters:
    ///   - vision: `[Q, Tv, D]` vision `last_hidden_state` per pair; overwritten with the fused tokens.
    ///   - text: text states after `final_layer_norm`, packed per `textSegments` (one per pair).
    ///   - out: `[Q, P]`.
    ///   - attention: if given, receives the layer- and head-averaged cross-attention `[Q, Tv, Tt_q]`
    ///     packed pair after pair (the TCC loss's maps).
    public func forward(vision: UnsafeMutablePointer<Float>, tokens tv: Int, text: UnsafePointer<Float>,
                        textSegments: Segments, out: UnsafeMutablePointer<Float>,
                        workspace ws: inout Workspace, trace: Trace? = nil,
                        attention: UnsafeMutablePointer<Float>? = nil) {
        let q = textSegments.count, d = dim
        let rows = q * tv
        let maxT = max(textSegments.lengths.max() ?? 0, tv)
        let normed = ws.scratch(10, count: rows * d)
        let qBuf = ws.scratch(11, count: rows * d)
        let kv = ws.scratch(12, count: textSegments.rows * 2 * d)
        let attnOut = ws.scratch(13, count: rows * d)
        let heads = config.heads
        let ctx = ws.scratch(15, count: rows * d)
        let probs = attention == nil ? nil : ws.scratch(16, count: heads * tv * maxT)
        let mid = ws.scratch(17, count: rows * 4 * d)
        if let attention {
            var total = 0
            for l in textSegments.lengths { total += tv * l }
            attention.update(repeating: 0, count: total)
        }
        let layerWeight = 1 / Float(max(layers.count, 1) * heads)
        for (i, layer) in layers.enumerated() {
            layer.attnNorm(vision, rows: rows, into: normed)
            layer.crossAttention.qProj(normed, rows: rows, into: qBuf)
            layer.crossAttention.keysValues(text, rows: textSegments.rows, into: kv)
            var mapOffset = 0
            for p in 0..<q {
                let tk = textSegments.lengths[p]
                layer.crossAttention.attend(q: qBuf + p * tv * d, tq: tv, kv: kv + textSegments.starts[p] * 2 * d, tk: tk,
                                            context: ctx + p * tv * d, probs: probs)
                if let attention, let probs {
                    trace?.record("head.attn.\(i + 1)", probs, count: heads * tv * tk)
                    let dst = attention + mapOffset
                    for h in 0..<heads { for j in 0..<(tv * tk) { dst[j] += probs[h * tv * tk + j] * layerWeight } }
                }
                mapOffset += tv * tk
            }
            layer.crossAttention.outProj(ctx, rows: rows, into: attnOut)
            VectorOps.add(attnOut, into: vision, count: rows * d)
            layer.ffnNorm(vision, rows: rows, into: normed)
            layer.fc1(normed, rows: rows, into: mid, activation: .gelu)
            layer.fc2(mid, rows: rows, into: vision, accumulate: true)
            trace?.record("head.fused.\(i + 1)", vision, count: rows * d)
        }
        // Pooler: the projected learned query against every fused token of each pair.
        let pooled = ws.scratch(18, count: q * d)
        let pkv = ws.scratch(12, count: rows * 2 * d)
        pooler.attention.keysValues(vision, rows: rows, into: pkv)
        for p in 0..<q {
            pooler.attention.attend(q: pooler.projectedQuery.pointer, tq: 1, kv: pkv + p * tv * 2 * d, tk: tv,
                                    context: ctx + p * d, probs: nil)
        }
        pooler.attention.outProj(ctx, rows: q, into: pooled)
        pooler.norm(pooled, rows: q, into: pooled)
        trace?.record("head.pooled", pooled, count: q * d)
        queryProjection(pooled, rows: q, into: out)
    }
}
