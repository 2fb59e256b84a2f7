import ModelIO
import Tensor

/// HF `CLIPTextTransformer` over the real tokens only (BOS … EOS): with causal attention the real
/// tokens' states do not depend on padding, so skipping the pads is exact (DESIGN §3).
public struct TextTransformer: Sendable {
    public let config: CLIPTextConfig
    public let tokenEmbedding: FloatBuffer     // [V, D]
    public let positionEmbedding: FloatBuffer  // [P, D]
    public let layers: [EncoderLayer]
    public let finalLayerNorm: LayerNorm

    public var width: Int { config.hiddenSize }

    public static func load(_ s: WeightStore, config c: CLIPTextConfig, file: String) throws(ModelLoadError) -> TextTransformer {
        let d = c.hiddenSize
        let act = try Activation.named(c.hiddenAct, file: file)
        var layers: [EncoderLayer] = []
        for i in 0..<c.layers {
            layers.append(try EncoderLayer.load(s, "text_model.encoder.layers.\(i)", dim: d, intermediate: c.intermediateSize,
                                                heads: c.heads, activation: act, eps: c.layerNormEps))
        }
        return TextTransformer(
            config: c,
            tokenEmbedding: try s.load("text_model.embeddings.token_embedding.weight", shape: [c.vocabSize, d]),
            positionEmbedding: try s.load("text_model.embeddings.position_embedding.weight", shape: [c.maxPositions, d]),
            layers: layers,
            finalLayerNorm: try LayerNorm.load(s, "text_model.final_layer_norm", dim: d, eps: c.layerNormEps))
    }

    /// Position of the pooled token: the first EOS, as HF pools (both its `argmax(input_ids)`
    /// legacy rule and its `eos_token_id` rule pick the first 49407); the last token if none.
    public func poolIndex(_ ids: [Int32]) -> Int {
        ids.firstIndex(of: Int32(config.eosTokenID)) ?? max(0, ids.count - 1)
    }

    /// Encodes token sequences (each at most `maxPositions` long, ids below `vocabSize`; callers
    /// validate). `hidden` receives the states after `final_layer_norm`, packed `[Σ T_i, D]` in
    /// `Segments(lengths: ids.map(\.count))` order; `pooled` receives `[B, D]`.
    public func forward(ids: [[Int32]], hidden: UnsafeMutablePointer<Float>, pooled: UnsafeMutablePointer<Float>,
                        workspace ws: inout Workspace, trace: Trace? = nil) {
        let d = config.hiddenSize
        let segments = Segments(lengths: ids.map(\.count))
        for (s, seq) in ids.enumerated() {
            precondition(seq.count <= config.maxPositions, "sequence longer than max_position_embeddings")
            for (t, id) in seq.enumerated() {
                precondition(id >= 0 && Int(id) < config.vocabSize, "token id out of range")
                let row = hidden + (segments.starts[s] + t) * d
                row.update(from: tokenEmbedding.pointer + Int(id) * d, count: d)
                VectorOps.add(positionEmbedding.pointer + t * d, into: row, count: d)
            }
        }
        trace?.record("text.hidden_states.0", hidden, count: segments.rows * d)
        for (i, layer) in layers.enumerated() {
            layer.forward(hidden, segments: segments, causal: true, workspace: &ws)
            trace?.record("text.hidden_states.\(i + 1)", hidden, count: segments.rows * d)
        }
        finalLayerNorm(hidden, rows: segments.rows, into: hidden)
        for (s, seq) in ids.enumerated() {
            (pooled + s * d).update(from: hidden + (segments.starts[s] + poolIndex(seq)) * d, count: d)
        }
    }
}
