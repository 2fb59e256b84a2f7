import Autograd
import ModelIO
import Tensor

/// HF `CLIPTextTransformer` + `text_projection` with its backward pass, over real tokens only
/// (BOS … EOS; with causal attention the pads of the reference never change them, DESIGN §3).
///
/// Sequences are packed back to back: `segments[i]` are the rows of text `i`.
/// Forward: token + position embeddings → causal blocks → `final_layer_norm` → `states[R, D]`
/// (the head's keys) and `text_projection(states at EOS)` `[N, proj]` (not normalised).
struct TextTower {
    let config: CLIPTextConfig
    let projectionDim: Int
    let blocks: [EncoderBlock]

    var dim: Int { config.hiddenSize }

    init(config c: CLIPTextConfig, projectionDim: Int) throws(TrainingError) {
        config = c
        self.projectionDim = projectionDim
        guard let act = Activation(rawValue: c.hiddenAct) else { throw .unsupported("text hidden_act \(c.hiddenAct)") }
        blocks = (0..<c.layers).map {
            EncoderBlock(prefix: "text_model.encoder.layers.\($0)", dim: c.hiddenSize, hidden: c.intermediateSize,
                         heads: c.heads, activation: act, eps: c.layerNormEps)
        }
    }

    func declare(_ p: ParameterSet) {
        let d = dim, c = config
        p.declare("text_model.embeddings.token_embedding.weight", [c.vocabSize, d], group: .backbone)
        p.declare("text_model.embeddings.position_embedding.weight", [c.maxPositions, d], group: .backbone)
        for b in blocks { EncoderBlock.declare(p, b.prefix, dim: d, hidden: c.intermediateSize) }
        p.declare("text_model.final_layer_norm.weight", [d], group: .backbone)
        p.declare("text_model.final_layer_norm.bias", [d], group: .backbone)
        p.declare("text_projection.weight", [projectionDim, d], group: .backbone)
    }

    /// Packs token id lists into rows; each list must be 1...maxPositions long.
    static func segments(_ ids: [[Int32]]) -> [Range<Int>] {
        var out: [Range<Int>] = [], r = 0
        for s in ids { out.append(r ..< r + s.count); r += s.count }
        return out
    }

    /// Returns `(states[R, D], embeds[N, proj])`, arena storage.
    func forward(_ p: ParameterSet, ids: [[Int32]], arena a: ActivationArena,
                 key: String = "text") -> (states: UnsafeMutablePointer<Float>, embeds: UnsafeMutablePointer<Float>) {
        let d = dim, segs = Self.segments(ids), r = segs.last?.upperBound ?? 0, n = ids.count
        let flat = ids.flatMap { $0 }
        let emb = a.buffer(key + ".emb", r * d)
        flat.withUnsafeBufferPointer { f in
            EmbeddingOp.forward(ids: f.baseAddress!, table: p.value("text_model.embeddings.token_embedding.weight"), out: emb,
                                n: r, dim: d)
        }
        let pos = p.value("text_model.embeddings.position_embedding.weight")
        for s in segs {
            for (k, row) in s.enumerated() {
                let dst = emb + row * d, pk = pos + k * d
                for j in 0..<d { dst[j] += pk[j] }
            }
        }
        var h = emb
        for (l, block) in blocks.enumerated() {
            let next = a.buffer(key + ".h\(l + 1)", r * d)
            block.forward(p, hIn: h, hOut: next, segments: segs, causal: true, arena: a, key: key + ".block\(l)")
            h = next
        }
        let states = a.buffer(key + ".states", r * d)
        LayerNormOp.forward(x: h, gamma: p.value("text_model.final_layer_norm.weight"), beta: p.value("text_model.final_layer_norm.bias"),
                            y: states, mean: a.buffer(key + ".finalMean", r), rstd: a.buffer(key + ".finalRstd", r), rows: r,
                            dim: d, eps: config.layerNormEps)
        let eos = a.buffer(key + ".eos", n * d)
        for (i, s) in segs.enumerated() { (eos + i * d).update(from: states + (s.upperBound - 1) * d, count: d) }
        let embeds = a.buffer(key + ".embeds", n * projectionDim)
        LinearOp.forward(x: eos, w: p.value("text_projection.weight"), b: nil, y: embeds, n: n, inFeatures: d, outFeatures: projectionDim)
        return (states, embeds)
    }

    /// Backward of `forward` (same ids and key); either gradient may be nil.
    func backward(_ p: ParameterSet, ids: [[Int32]], dStates: UnsafePointer<Float>?, dEmbeds: UnsafePointer<Float>?,
                  arena a: ActivationArena, key: String = "text") {
        let d = dim, segs = Self.segments(ids), r = segs.last?.upperBound ?? 0, n = ids.count
        let dS = a.zeroed(key + ".dStates", r * d)
        if let dStates { dS.update(from: dStates, count: r * d) }
        if let dEmbeds {
            let dEos = a.zeroed(key + ".dEos", n * d)
            LinearOp.backward(dy: dEmbeds, x: a.buffer(key + ".eos", 0), w: p.value("text_projection.weight"), n: n, inFeatures: d,
                              outFeatures: projectionDim, dx: dEos, dw: p.grad("text_projection.weight"), db: nil)
            for (i, s) in segs.enumerated() {
                let dst = dS + (s.upperBound - 1) * d, src = dEos + i * d
                for j in 0..<d { dst[j] += src[j] }
            }
        }
        let last = blocks.isEmpty ? a.buffer(key + ".emb", 0) : a.buffer(key + ".h\(blocks.count)", 0)
        let dh = a.zeroed(key + ".dh", r * d)
        LayerNormOp.backward(dy: dS, x: last, gamma: p.value("text_model.final_layer_norm.weight"), mean: a.buffer(key + ".finalMean", 0),
                             rstd: a.buffer(key + ".finalRstd", 0), rows: r, dim: d, dx: dh,
                             dgamma: p.grad("text_model.final_layer_norm.weight"), dbeta: p.grad("text_model.final_layer_norm.bias"))
        for (l, block) in blocks.enumerated().reversed() {
            let hIn = l == 0 ? a.buffer(key + ".emb", 0) : a.buffer(key + ".h\(l)", 0)
            block.backward(p, hIn: hIn, dh: dh, segments: segs, causal: true, arena: a, key: key + ".block\(l)")
        }
        let dPos = p.grad("text_model.embeddings.position_embedding.weight")
        for s in segs {
            for (k, row) in s.enumerated() {
                let src = dh + row * d, pk = dPos + k * d
                for j in 0..<d { pk[j] += src[j] }
            }
        }
        let flat = ids.flatMap { $0 }
        flat.withUnsafeBufferPointer { f in
            EmbeddingOp.backward(dout: dh, ids: f.baseAddress!, dtable: p.grad("text_model.embeddings.token_embedding.weight"), n: r, dim: d)
        }
    }
}
