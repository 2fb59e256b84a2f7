import Autograd
import ModelIO
import Tensor

/// HF `CLIPVisionTransformer` + `visual_projection` with its backward pass.
///
/// Forward: patch conv → `[CLS; patches] + positions` → `pre_layrnorm` → blocks →
/// `last_hidden_state` `[B·T, D]` (T = patches + 1) and `visual_projection(post_layernorm(CLS))`
/// `[B, proj]` (not normalised).
struct VisionTower {
    let config: CLIPVisionConfig
    let projectionDim: Int
    let blocks: [EncoderBlock]

    var dim: Int { config.hiddenSize }
    var tokens: Int { config.tokens }
    var patchFeatures: Int { config.numChannels * config.patchSize * config.patchSize }

    init(config c: CLIPVisionConfig, projectionDim: Int) throws(TrainingError) {
        config = c
        self.projectionDim = projectionDim
        guard let act = Activation(rawValue: c.hiddenAct) else { throw .unsupported("vision hidden_act \(c.hiddenAct)") }
        blocks = (0..<c.layers).map {
            EncoderBlock(prefix: "vision_model.encoder.layers.\($0)", dim: c.hiddenSize, hidden: c.intermediateSize,
                         heads: c.heads, activation: act, eps: c.layerNormEps)
        }
    }

    func declare(_ p: ParameterSet) {
        let d = dim, c = config
        p.declare("vision_model.embeddings.class_embedding", [d], group: .backbone)
        p.declare("vision_model.embeddings.patch_embedding.weight", [d, c.numChannels, c.patchSize, c.patchSize], group: .backbone)
        p.declare("vision_model.embeddings.position_embedding.weight", [tokens, d], group: .backbone)
        p.declare("vision_model.pre_layrnorm.weight", [d], group: .backbone)
        p.declare("vision_model.pre_layrnorm.bias", [d], group: .backbone)
        for b in blocks { EncoderBlock.declare(p, b.prefix, dim: d, hidden: c.intermediateSize) }
        p.declare("vision_model.post_layernorm.weight", [d], group: .backbone)
        p.declare("vision_model.post_layernorm.bias", [d], group: .backbone)
        p.declare("visual_projection.weight", [projectionDim, d], group: .backbone)
    }

    /// Runs `batch` images `pixels[B, C, H, W]`; returns `(last[B·T, D], embeds[B, proj])`, both
    /// arena storage valid until the next forward under the same key.
    func forward(_ p: ParameterSet, pixels: UnsafePointer<Float>, batch b: Int, arena a: ActivationArena,
                 key: String = "vision") -> (last: UnsafeMutablePointer<Float>, embeds: UnsafeMutablePointer<Float>) {
        let d = dim, t = tokens, np = t - 1, r = b * t, c = config
        let cols = a.buffer(key + ".cols", b * np * patchFeatures), patches = a.buffer(key + ".patches", b * np * d)
        PatchEmbedOp.forward(pixels: pixels, batch: b, channels: c.numChannels, height: c.imageSize, width: c.imageSize,
                             patch: c.patchSize, weight: p.value("vision_model.embeddings.patch_embedding.weight"), dim: d,
                             columns: cols, out: patches)
        let emb = a.buffer(key + ".emb", r * d)
        let cls = p.value("vision_model.embeddings.class_embedding"), pos = p.value("vision_model.embeddings.position_embedding.weight")
        for i in 0..<b {
            let row = emb + i * t * d
            for j in 0..<d { row[j] = cls[j] + pos[j] }
            for k in 0..<np {
                let dst = row + (k + 1) * d, src = patches + (i * np + k) * d, pk = pos + (k + 1) * d
                for j in 0..<d { dst[j] = src[j] + pk[j] }
            }
        }
        var h = a.buffer(key + ".h0", r * d)
        LayerNormOp.forward(x: emb, gamma: p.value("vision_model.pre_layrnorm.weight"), beta: p.value("vision_model.pre_layrnorm.bias"),
                            y: h, mean: a.buffer(key + ".preMean", r), rstd: a.buffer(key + ".preRstd", r), rows: r, dim: d,
                            eps: c.layerNormEps)
        let segments = (0..<b).map { $0 * t ..< ($0 + 1) * t }
        for (l, block) in blocks.enumerated() {
            let next = a.buffer(key + ".h\(l + 1)", r * d)
            block.forward(p, hIn: h, hOut: next, segments: segments, causal: false, arena: a, key: key + ".block\(l)")
            h = next
        }
        let clsRows = a.buffer(key + ".cls", b * d)
        for i in 0..<b { (clsRows + i * d).update(from: h + i * t * d, count: d) }
        let pooled = a.buffer(key + ".pooled", b * d)
        LayerNormOp.forward(x: clsRows, gamma: p.value("vision_model.post_layernorm.weight"),
                            beta: p.value("vision_model.post_layernorm.bias"), y: pooled, mean: a.buffer(key + ".postMean", b),
                            rstd: a.buffer(key + ".postRstd", b), rows: b, dim: d, eps: c.layerNormEps)
        let embeds = a.buffer(key + ".embeds", b * projectionDim)
        LinearOp.forward(x: pooled, w: p.value("visual_projection.weight"), b: nil, y: embeds, n: b, inFeatures: d,
                         outFeatures: projectionDim)
        return (h, embeds)
    }

    /// Backward of `forward` (same `batch` and `key`): `dLast[B·T, D]` and `dEmbeds[B, proj]` are
    /// the loss's gradients (either may be nil); parameter gradients accumulate.
    func backward(_ p: ParameterSet, batch b: Int, dLast: UnsafePointer<Float>?, dEmbeds: UnsafePointer<Float>?,
                  arena a: ActivationArena, key: String = "vision") {
        let d = dim, t = tokens, np = t - 1, r = b * t
        let dh = a.zeroed(key + ".dh", r * d)
        if let dLast { dh.update(from: dLast, count: r * d) }
        if let dEmbeds {
            let dPooled = a.zeroed(key + ".dPooled", b * d)
            LinearOp.backward(dy: dEmbeds, x: a.buffer(key + ".pooled", 0), w: p.value("visual_projection.weight"), n: b,
                              inFeatures: d, outFeatures: projectionDim, dx: dPooled, dw: p.grad("visual_projection.weight"), db: nil)
            let dCls = a.zeroed(key + ".dCls", b * d)
            LayerNormOp.backward(dy: dPooled, x: a.buffer(key + ".cls", 0), gamma: p.value("vision_model.post_layernorm.weight"),
                                 mean: a.buffer(key + ".postMean", 0), rstd: a.buffer(key + ".postRstd", 0), rows: b, dim: d,
                                 dx: dCls, dgamma: p.grad("vision_model.post_layernorm.weight"),
                                 dbeta: p.grad("vision_model.post_layernorm.bias"))
            for i in 0..<b {
                let dst = dh + i * t * d, src = dCls + i * d
                for j in 0..<d { dst[j] += src[j] }
            }
        }
        let segments = (0..<b).map { $0 * t ..< ($0 + 1) * t }
        for (l, block) in blocks.enumerated().reversed() {
            block.backward(p, hIn: a.buffer(key + ".h\(l)", 0), dh: dh, segments: segments, causal: false, arena: a,
                           key: key + ".block\(l)")
        }
        let dEmb = a.zeroed(key + ".dEmb", r * d)
        LayerNormOp.backward(dy: dh, x: a.buffer(key + ".emb", 0), gamma: p.value("vision_model.pre_layrnorm.weight"),
                             mean: a.buffer(key + ".preMean", 0), rstd: a.buffer(key + ".preRstd", 0), rows: r, dim: d, dx: dEmb,
                             dgamma: p.grad("vision_model.pre_layrnorm.weight"), dbeta: p.grad("vision_model.pre_layrnorm.bias"))
        let dCls = p.grad("vision_model.embeddings.class_embedding"), dPos = p.grad("vision_model.embeddings.position_embedding.weight")
        let dPatches = a.buffer(key + ".dPatches", b * np * d)
        for i in 0..<b {
            let row = dEmb + i * t * d
            for j in 0..<d { dCls[j] += row[j]; dPos[j] += row[j] }
            for k in 0..<np {
                let src = row + (k + 1) * d, pk = dPos + (k + 1) * d
                for j in 0..<d { pk[j] += src[j] }
                (dPatches + (i * np + k) * d).update(from: src, count: d)
            }
        }
        PatchEmbedOp.backward(dout: dPatches, columns: a.buffer(key + ".cols", 0), batch: b, patches: np,
                              patchFeatures: patchFeatures, dim: d, dweight: p.grad("vision_model.embeddings.patch_embedding.weight"))
    }
}
