import ModelIO
import Tensor

/// HF `CLIPVisionTransformer`: patch conv (no bias) → prepend CLS → + positions → `pre_layrnorm`
/// → pre-LN blocks. Returns all tokens before `post_layernorm` (what the ConText head reads) and
/// `post_layernorm(CLS)` (what the gallery embedding projects).
public struct VisionTransformer: Sendable {
    public let config: CLIPVisionConfig
    /// The patch conv as a linear over im2col rows: weight `[D, C·p·p]` (conv weight `[D, C, p, p]`
    /// flattened), no bias; packed once like every other linear.
    public let patchEmbedding: Linear
    public let classEmbedding: FloatBuffer     // [D]
    public let positionEmbedding: FloatBuffer  // [T, D]
    public let preLayerNorm: LayerNorm
    public let layers: [EncoderLayer]
    public let postLayerNorm: LayerNorm

    /// A new row-major copy of the patch conv weight `[D, C·p·p]`.
    public var patchWeight: FloatBuffer { patchEmbedding.weight }

    public var tokens: Int { config.tokens }
    public var width: Int { config.hiddenSize }

    public static func load(_ s: WeightStore, config c: CLIPVisionConfig, file: String) throws(ModelLoadError) -> VisionTransformer {
        let d = c.hiddenSize, p = c.patchSize
        let act = try Activation.named(c.hiddenAct, file: file)
        var layers: [EncoderLayer] = []
        for i in 0..<c.layers {
            layers.append(try EncoderLayer.load(s, "vision_model.encoder.layers.\(i)", dim: d, intermediate: c.intermediateSize,
                                                heads: c.heads, activation: act, eps: c.layerNormEps))
        }
        return VisionTransformer(
            config: c,
            patchEmbedding: Linear(weight: try s.load("vision_model.embeddings.patch_embedding.weight", shape: [d, c.numChannels, p, p]),
                                   bias: nil, inFeatures: c.numChannels * p * p, outFeatures: d),
            classEmbedding: try s.load("vision_model.embeddings.class_embedding", shape: [d]),
            positionEmbedding: try s.load("vision_model.embeddings.position_embedding.weight", shape: [c.tokens, d]),
            preLayerNorm: try LayerNorm.load(s, "vision_model.pre_layrnorm", dim: d, eps: c.layerNormEps),
            layers: layers,
            postLayerNorm: try LayerNorm.load(s, "vision_model.post_layernorm", dim: d, eps: c.layerNormEps))
    }

    /// Runs `batch` images.
    /// - Parameters:
    ///   - pixels: `[B, C, S, S]` normalised pixel values.
    ///   - hidden: receives `last_hidden_state` `[B, T, D]` (before `post_layernorm`).
    ///   - pooled: receives `pooler_output` `[B, D]`.
    public func forward(pixels: UnsafePointer<Float>, batch: Int, hidden: UnsafeMutablePointer<Float>,
                        pooled: UnsafeMutablePointer<Float>, workspace ws: inout Workspace, trace: Trace? = nil) {
        let c = config, d = c.hiddenSize, p = c.patchSize, s = c.imageSize, g = s / p
        let np = g * g, t = np + 1, cpp = c.numChannels * p * p
        // im2col: one row per patch in (channel, y, x) order, matching the conv weight's layout.
        let cols = ws.scratch(5, count: batch * np * cpp)
        for b in 0..<batch {
            let img = pixels + b * c.numChannels * s * s
            for gy in 0..<g { for gx in 0..<g {
                var dst = cols + ((b * np) + gy * g + gx) * cpp
                for ch in 0..<c.numChannels { for ky in 0..<p {
                    (dst).update(from: img + ch * s * s + (gy * p + ky) * s + gx * p, count: p)
                    dst += p
                } }
            } }
        }
        let patches = ws.scratch(6, count: batch * np * d)
        patchEmbedding(cols, rows: batch * np, into: patches)
        for b in 0..<batch {
            let out = hidden + b * t * d
            out.update(from: classEmbedding.pointer, count: d)
            (out + d).update(from: patches + b * np * d, count: np * d)
            VectorOps.add(positionEmbedding.pointer, into: out, count: t * d)
        }
        preLayerNorm(hidden, rows: batch * t, into: hidden)
        let segments = Segments(count: batch, length: t)
        trace?.record("vision.hidden_states.0", hidden, count: batch * t * d)
        for (i, layer) in layers.enumerated() {
            layer.forward(hidden, segments: segments, causal: false, workspace: &ws)
            trace?.record("vision.hidden_states.\(i + 1)", hidden, count: batch * t * d)
        }
        for b in 0..<batch { postLayerNorm(hidden + b * t * d, rows: 1, into: pooled + b * d) }
    }
}
