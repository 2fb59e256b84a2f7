import Autograd
import ModelIO
import Tensor

/// The ConText fusion head (reference `ConText.forward` after the encoders, DESIGN §3) with its
/// backward pass.
///
/// For each layer i: `v += CrossAttn_i(LN_a,i(v), t)`, `v += FFN_i(LN_f,i(v))` (exact GELU); then
/// the pooler's learned query attends over all of `v` (no mask), `attn_pooler.norm`, and
/// `query_projection`. Every head LayerNorm uses eps 1e-5. Vision tokens `v[B·T, Dv]`, text
/// states `t[R, Dt]` packed by `segments` (text i belongs to image i).
struct FusionHead {
    let layers: Int, heads: Int
    let visionDim: Int, textDim: Int, projectionDim: Int, tokens: Int
    let eps: Float = 1e-5

    var headDim: Int { visionDim / heads }
    var scale: Float { 1 / Float(headDim).squareRoot() }

    func declare(_ p: ParameterSet) {
        let d = visionDim, dt = textDim
        p.declare("query_projection.weight", [projectionDim, d], group: .head)
        p.declare("query_projection.bias", [projectionDim], group: .head)
        for i in 0..<layers {
            let c = "cross_attn_layers.\(i)"
            p.declare(c + ".q_proj.weight", [d, d], group: .head)
            p.declare(c + ".q_proj.bias", [d], group: .head)
            // k and v read the same text states: one stacked [2D, Dt] product.
            p.declare(c + ".k_proj.weight", [d, dt], group: .head, packed: true)
            p.declare(c + ".v_proj.weight", [d, dt], group: .head)
            p.declare(c + ".k_proj.bias", [d], group: .head, packed: true)
            p.declare(c + ".v_proj.bias", [d], group: .head)
            p.declare(c + ".out_proj.weight", [d, d], group: .head)
            p.declare(c + ".out_proj.bias", [d], group: .head)
            for n in ["fusion_attn_norms", "fusion_ffn_norms"] {
                p.declare("\(n).\(i).weight", [d], group: .head)
                p.declare("\(n).\(i).bias", [d], group: .head)
            }
            p.declare("fusion_ffns.\(i).0.weight", [4 * d, d], group: .head)
            p.declare("fusion_ffns.\(i).0.bias", [4 * d], group: .head)
            p.declare("fusion_ffns.\(i).3.weight", [d, 4 * d], group: .head)
            p.declare("fusion_ffns.\(i).3.bias", [d], group: .head)
        }
        p.declare("attn_pooler.queries", [1, 1, d], group: .head)
        p.declare("attn_pooler.attention.q_proj.weight", [d, d], group: .head)
        p.declare("attn_pooler.attention.q_proj.bias", [d], group: .head)
        p.declare("attn_pooler.attention.k_proj.weight", [d, d], group: .head, packed: true)
        p.declare("attn_pooler.attention.v_proj.weight", [d, d], group: .head)
        p.declare("attn_pooler.attention.k_proj.bias", [d], group: .head, packed: true)
        p.declare("attn_pooler.attention.v_proj.bias", [d], group: .head)
        p.declare("attn_pooler.attention.out_proj.weight", [d, d], group: .head)
        p.declare("attn_pooler.attention.out_proj.bias", [d], group: .head)
        p.declare("attn_pooler.norm.weight", [d], group: .head)
        p.declare("attn_pooler.norm.bias", [d], group: .head)
    }

    /// Offset of sample `b`'s probabilities `[H, T, L_b]` inside a layer's probability buffer.
    static func probOffsets(_ segments: [Range<Int>], heads: Int, tokens: Int) -> [Int] {
        var o: [Int] = [], acc = 0
        for s in segments { o.append(acc); acc += heads * tokens * s.count }
        return o + [acc]
    }

    /// The cross-attention probabilities of layer `l` (valid after `forward` with `key`).
    func probs(layer l: Int, arena a: ActivationArena, key: String) -> UnsafeMutablePointer<Float> {
        a.buffer(key + ".probs\(l)", 0)
    }

    /// Returns the query embeddings `[B, proj]` (not normalised), arena storage.
    func forward(_ p: ParameterSet, vision v0: UnsafePointer<Float>, text t: UnsafePointer<Float>, segments: [Range<Int>],
                 arena a: ActivationArena, key: String = "head") -> UnsafeMutablePointer<Float> {
        let b = segments.count, d = visionDim, tv = tokens, r = b * tv, rt = segments.last?.upperBound ?? 0
        let offsets = Self.probOffsets(segments, heads: heads, tokens: tv)
        var v = a.buffer(key + ".v0", r * d)
        v.update(from: v0, count: r * d)
        for i in 0..<layers {
            let c = "cross_attn_layers.\(i)", k = key + ".l\(i)"
            let n1 = a.buffer(k + ".n1", r * d)
            LayerNormOp.forward(x: v, gamma: p.value("fusion_attn_norms.\(i).weight"), beta: p.value("fusion_attn_norms.\(i).bias"),
                                y: n1, mean: a.buffer(k + ".mean1", r), rstd: a.buffer(k + ".rstd1", r), rows: r, dim: d, eps: eps)
            let q = a.buffer(k + ".q", r * d), kv = a.buffer(k + ".kv", rt * 2 * d)
            LinearOp.forward(x: n1, w: p.value(c + ".q_proj.weight"), b: p.value(c + ".q_proj.bias"), y: q, n: r, inFeatures: d, outFeatures: d)
            LinearOp.forward(x: t, w: p.value(c + ".k_proj.weight"), b: p.value(c + ".k_proj.bias"), y: kv, n: rt, inFeatures: textDim,
                             outFeatures: 2 * d)
            let o = a.buffer(k + ".o", r * d), probs = a.buffer(key + ".probs\(i)", offsets[b])
            for (s, seg) in segments.enumerated() {
                AttentionOp.forward(q: q + s * tv * d, ldq: d, k: kv + seg.lowerBound * 2 * d, ldk: 2 * d, v: kv + seg.lowerBound * 2 * d + d,
                                    ldv: 2 * d, tq: tv, tk: seg.count, heads: heads, headDim: headDim, scale: scale, causal: false,
                                    out: o + s * tv * d, ldo: d, probs: probs + offsets[s])
            }
            let mid = a.buffer(k + ".mid", r * d)
            mid.update(from: v, count: r * d)
            LinearOp.forward(x: o, w: p.value(c + ".out_proj.weight"), b: p.value(c + ".out_proj.bias"), y: mid, n: r, inFeatures: d,
                             outFeatures: d, accumulate: true)
            let n2 = a.buffer(k + ".n2", r * d)
            LayerNormOp.forward(x: mid, gamma: p.value("fusion_ffn_norms.\(i).weight"), beta: p.value("fusion_ffn_norms.\(i).bias"),
                                y: n2, mean: a.buffer(k + ".mean2", r), rstd: a.buffer(k + ".rstd2", r), rows: r, dim: d, eps: eps)
            let pre = a.buffer(k + ".pre", r * 4 * d), act = a.buffer(k + ".act", r * 4 * d)
            LinearOp.forward(x: n2, w: p.value("fusion_ffns.\(i).0.weight"), b: p.value("fusion_ffns.\(i).0.bias"), y: pre, n: r,
                             inFeatures: d, outFeatures: 4 * d)
            ActivationOp.forward(.gelu, x: pre, y: act, count: r * 4 * d)
            let next = a.buffer(key + ".v\(i + 1)", r * d)
            next.update(from: mid, count: r * d)
            LinearOp.forward(x: act, w: p.value("fusion_ffns.\(i).3.weight"), b: p.value("fusion_ffns.\(i).3.bias"), y: next, n: r,
                             inFeatures: 4 * d, outFeatures: d, accumulate: true)
            v = next
        }
        // Pooler: one learned query, the same for every sample.
        let pa = "attn_pooler.attention", k = key + ".pool"
        let pq = a.buffer(k + ".q", d), pkv = a.buffer(k + ".kv", r * 2 * d)
        LinearOp.forward(x: p.value("attn_pooler.queries"), w: p.value(pa + ".q_proj.weight"), b: p.value(pa + ".q_proj.bias"), y: pq,
                         n: 1, inFeatures: d, outFeatures: d)
        LinearOp.forward(x: v, w: p.value(pa + ".k_proj.weight"), b: p.value(pa + ".k_proj.bias"), y: pkv, n: r, inFeatures: d, outFeatures: 2 * d)
        let po = a.buffer(k + ".o", b * d), pprobs = a.buffer(k + ".probs", b * heads * tv)
        for s in 0..<b {
            AttentionOp.forward(q: pq, ldq: d, k: pkv + s * tv * 2 * d, ldk: 2 * d, v: pkv + s * tv * 2 * d + d, ldv: 2 * d, tq: 1, tk: tv,
                                heads: heads, headDim: headDim, scale: scale, causal: false, out: po + s * d, ldo: d,
                                probs: pprobs + s * heads * tv)
        }
        let pout = a.buffer(k + ".out", b * d)
        LinearOp.forward(x: po, w: p.value(pa + ".out_proj.weight"), b: p.value(pa + ".out_proj.bias"), y: pout, n: b, inFeatures: d, outFeatures: d)
        let pooled = a.buffer(k + ".pooled", b * d)
        LayerNormOp.forward(x: pout, gamma: p.value("attn_pooler.norm.weight"), beta: p.value("attn_pooler.norm.bias"), y: pooled,
                            mean: a.buffer(k + ".mean", b), rstd: a.buffer(k + ".rstd", b), rows: b, dim: d, eps: eps)
        let query = a.buffer(key + ".query", b * projectionDim)
        LinearOp.forward(x: pooled, w: p.value("query_projection.weight"), b: p.value("query_projection.bias"), y: query, n: b,
                         inFeatures: d, outFeatures: projectionDim)
        return query
    }

    /// Backward of `forward` (same inputs and key). `dQuery[B, proj]`; `dProbs[l]`, if given, is
    /// an extra gradient on layer l's attention probabilities (the TCC loss), laid out as
    /// `probs(layer:)`. Accumulates into `dVision[B·T, Dv]`, `dText[R, Dt]` (either may be nil:
    /// frozen towers) and the head's parameter gradients.
    func backward(_ p: ParameterSet, text t: UnsafePointer<Float>, segments: [Range<Int>], dQuery: UnsafePointer<Float>,
                  dProbs: [UnsafePointer<Float>]?, dVision: UnsafeMutablePointer<Float>?, dText: UnsafeMutablePointer<Float>?,
                  arena a: ActivationArena, key: String = "head") {
        let b = segments.count, d = visionDim, tv = tokens, r = b * tv, rt = segments.last?.upperBound ?? 0
        let offsets = Self.probOffsets(segments, heads: heads, tokens: tv)
        let pa = "attn_pooler.attention", k = key + ".pool"
        let dPooled = a.zeroed(k + ".dPooled", b * d)
        LinearOp.backward(dy: dQuery, x: a.buffer(k + ".pooled", 0), w: p.value("query_projection.weight"), n: b, inFeatures: d,
                          outFeatures: projectionDim, dx: dPooled, dw: p.grad("query_projection.weight"), db: p.grad("query_projection.bias"))
        let dOut = a.zeroed(k + ".dOut", b * d)
        LayerNormOp.backward(dy: dPooled, x: a.buffer(k + ".out", 0), gamma: p.value("attn_pooler.norm.weight"), mean: a.buffer(k + ".mean", 0),
                             rstd: a.buffer(k + ".rstd", 0), rows: b, dim: d, dx: dOut, dgamma: p.grad("attn_pooler.norm.weight"),
                             dbeta: p.grad("attn_pooler.norm.bias"))
        let dO = a.zeroed(k + ".dO", b * d)
        LinearOp.backward(dy: dOut, x: a.buffer(k + ".o", 0), w: p.value(pa + ".out_proj.weight"), n: b, inFeatures: d, outFeatures: d,
                          dx: dO, dw: p.grad(pa + ".out_proj.weight"), db: p.grad(pa + ".out_proj.bias"))
        let pq = a.buffer(k + ".q", 0), pkv = a.buffer(k + ".kv", 0), pprobs = a.buffer(k + ".probs", 0)
        let dPq = a.zeroed(k + ".dQ", d), dPkv = a.zeroed(k + ".dKV", r * 2 * d)
        for s in 0..<b {
            AttentionOp.backward(dout: dO + s * d, ldo: d, q: pq, ldq: d, k: pkv + s * tv * 2 * d, ldk: 2 * d, v: pkv + s * tv * 2 * d + d,
                                 ldv: 2 * d, probs: pprobs + s * heads * tv, tq: 1, tk: tv, heads: heads, headDim: headDim, scale: scale,
                                 dq: dPq, dk: dPkv + s * tv * 2 * d, dv: dPkv + s * tv * 2 * d + d)
        }
        LinearOp.backward(dy: dPq, x: p.value("attn_pooler.queries"), w: p.value(pa + ".q_proj.weight"), n: 1, inFeatures: d, outFeatures: d,
                          dx: p.grad("attn_pooler.queries"), dw: p.grad(pa + ".q_proj.weight"), db: p.grad(pa + ".q_proj.bias"))
        let dv = a.zeroed(key + ".dv", r * d)
        LinearOp.backward(dy: dPkv, x: a.buffer(key + ".v\(layers)", 0), w: p.value(pa + ".k_proj.weight"), n: r, inFeatures: d,
                          outFeatures: 2 * d, dx: dv, dw: p.grad(pa + ".k_proj.weight"), db: p.grad(pa + ".k_proj.bias"))
        for i in (0..<layers).reversed() {
            let c = "cross_attn_layers.\(i)", k = key + ".l\(i)"
            // FFN branch (dv is dL/dnext = the residual part of dL/dmid).
            let dAct = a.zeroed("grad.head.act", r * 4 * d)
            LinearOp.backward(dy: dv, x: a.buffer(k + ".act", 0), w: p.value("fusion_ffns.\(i).3.weight"), n: r, inFeatures: 4 * d,
                              outFeatures: d, dx: dAct, dw: p.grad("fusion_ffns.\(i).3.weight"), db: p.grad("fusion_ffns.\(i).3.bias"))
            let dPre = a.zeroed("grad.head.pre", r * 4 * d)
            ActivationOp.backward(.gelu, dy: dAct, x: a.buffer(k + ".pre", 0), dx: dPre, count: r * 4 * d)
            let dN = a.zeroed("grad.head.n", r * d)
            LinearOp.backward(dy: dPre, x: a.buffer(k + ".n2", 0), w: p.value("fusion_ffns.\(i).0.weight"), n: r, inFeatures: d,
                              outFeatures: 4 * d, dx: dN, dw: p.grad("fusion_ffns.\(i).0.weight"), db: p.grad("fusion_ffns.\(i).0.bias"))
            LayerNormOp.backward(dy: dN, x: a.buffer(k + ".mid", 0), gamma: p.value("fusion_ffn_norms.\(i).weight"),
                                 mean: a.buffer(k + ".mean2", 0), rstd: a.buffer(k + ".rstd2", 0), rows: r, dim: d, dx: dv,
                                 dgamma: p.grad("fusion_ffn_norms.\(i).weight"), dbeta: p.grad("fusion_ffn_norms.\(i).bias"))
            // Cross-attention branch.
            let dO = a.zeroed("grad.head.o", r * d)
            LinearOp.backward(dy: dv, x: a.buffer(k + ".o", 0), w: p.value(c + ".out_proj.weight"), n: r, inFeatures: d, outFeatures: d,
                              dx: dO, dw: p.grad(c + ".out_proj.weight"), db: p.grad(c + ".out_proj.bias"))
            let q = a.buffer(k + ".q", 0), kv = a.buffer(k + ".kv", 0), probs = a.buffer(key + ".probs\(i)", 0)
            let dQ = a.zeroed("grad.head.q", r * d), dKV = a.zeroed("grad.head.kv", rt * 2 * d)
            for (s, seg) in segments.enumerated() {
                AttentionOp.backward(dout: dO + s * tv * d, ldo: d, q: q + s * tv * d, ldq: d, k: kv + seg.lowerBound * 2 * d, ldk: 2 * d,
                                     v: kv + seg.lowerBound * 2 * d + d, ldv: 2 * d, probs: probs + offsets[s], tq: tv, tk: seg.count,
                                     heads: heads, headDim: headDim, scale: scale, dq: dQ + s * tv * d, dk: dKV + seg.lowerBound * 2 * d,
                                     dv: dKV + seg.lowerBound * 2 * d + d)
                if let dProbs {
                    AttentionMapGradient.backward(dProbs: dProbs[i] + offsets[s], probs: probs + offsets[s], q: q + s * tv * d, ldq: d,
                                                  k: kv + seg.lowerBound * 2 * d, ldk: 2 * d, tq: tv, tk: seg.count, heads: heads,
                                                  headDim: headDim, scale: scale, dq: dQ + s * tv * d, dk: dKV + seg.lowerBound * 2 * d,
                                                  scratch: a.buffer("grad.head.dS", tv * seg.count))
                }
            }
            LinearOp.backward(dy: dKV, x: t, w: p.value(c + ".k_proj.weight"), n: rt, inFeatures: textDim, outFeatures: 2 * d, dx: dText,
                              dw: p.grad(c + ".k_proj.weight"), db: p.grad(c + ".k_proj.bias"))
            let dN1 = a.zeroed("grad.head.n", r * d)
            LinearOp.backward(dy: dQ, x: a.buffer(k + ".n1", 0), w: p.value(c + ".q_proj.weight"), n: r, inFeatures: d, outFeatures: d,
                              dx: dN1, dw: p.grad(c + ".q_proj.weight"), db: p.grad(c + ".q_proj.bias"))
            LayerNormOp.backward(dy: dN1, x: a.buffer(i == 0 ? key + ".v0" : key + ".v\(i)", 0), gamma: p.value("fusion_attn_norms.\(i).weight"),
                                 mean: a.buffer(k + ".mean1", 0), rstd: a.buffer(k + ".rstd1", 0), rows: r, dim: d, dx: dv,
                                 dgamma: p.grad("fusion_attn_norms.\(i).weight"), dbeta: p.grad("fusion_attn_norms.\(i).bias"))
        }
        if let dVision {
            for j in 0..<(r * d) { dVision[j] += dv[j] }
        }
    }
}
