import Autograd
import Tensor

/// One pre-LN CLIP encoder block (HF `CLIPEncoderLayer`) with its backward pass:
/// `h += out_proj(attn(ln1(h)))`, `h += fc2(act(fc1(ln2(h))))`.
///
/// The forward pass runs the same kernels as the inference `CLIP.EncoderLayer` (Autograd's
/// forwards call them); it keeps what the backward pass needs in the arena under `key`.
struct EncoderBlock {
    let prefix: String          // "vision_model.encoder.layers.3"
    let dim: Int, hidden: Int, heads: Int
    let activation: Activation
    let eps: Float

    static func declare(_ p: ParameterSet, _ prefix: String, dim d: Int, hidden: Int) {
        p.declare(prefix + ".layer_norm1.weight", [d], group: .backbone)
        p.declare(prefix + ".layer_norm1.bias", [d], group: .backbone)
        // q, k, v weights and then their biases back to back: one [3D, D] product.
        p.declare(prefix + ".self_attn.q_proj.weight", [d, d], group: .backbone, packed: true)
        p.declare(prefix + ".self_attn.k_proj.weight", [d, d], group: .backbone, packed: true)
        p.declare(prefix + ".self_attn.v_proj.weight", [d, d], group: .backbone)
        p.declare(prefix + ".self_attn.q_proj.bias", [d], group: .backbone, packed: true)
        p.declare(prefix + ".self_attn.k_proj.bias", [d], group: .backbone, packed: true)
        p.declare(prefix + ".self_attn.v_proj.bias", [d], group: .backbone)
        p.declare(prefix + ".self_attn.out_proj.weight", [d, d], group: .backbone)
        p.declare(prefix + ".self_attn.out_proj.bias", [d], group: .backbone)
        p.declare(prefix + ".layer_norm2.weight", [d], group: .backbone)
        p.declare(prefix + ".layer_norm2.bias", [d], group: .backbone)
        p.declare(prefix + ".mlp.fc1.weight", [hidden, d], group: .backbone)
        p.declare(prefix + ".mlp.fc1.bias", [hidden], group: .backbone)
        p.declare(prefix + ".mlp.fc2.weight", [d, hidden], group: .backbone)
        p.declare(prefix + ".mlp.fc2.bias", [d], group: .backbone)
    }

    private func w(_ p: ParameterSet, _ s: String) -> UnsafeMutablePointer<Float> { p.value(prefix + s) }
    private func g(_ p: ParameterSet, _ s: String) -> UnsafeMutablePointer<Float> { p.grad(prefix + s) }

    /// `hIn[R, D]` → `hOut[R, D]` (distinct buffers: the backward pass needs both).
    /// Attention stays within each segment; `causal` for the text tower.
    func forward(_ p: ParameterSet, hIn: UnsafePointer<Float>, hOut: UnsafeMutablePointer<Float>, segments: [Range<Int>],
                 causal: Bool, arena a: ActivationArena, key: String) {
        let r = segments.last?.upperBound ?? 0, d = dim, hd = d / heads
        let n1 = a.buffer(key + ".n1", r * d), mean1 = a.buffer(key + ".mean1", r), rstd1 = a.buffer(key + ".rstd1", r)
        LayerNormOp.forward(x: hIn, gamma: w(p, ".layer_norm1.weight"), beta: w(p, ".layer_norm1.bias"), y: n1,
                            mean: mean1, rstd: rstd1, rows: r, dim: d, eps: eps)
        let qkv = a.buffer(key + ".qkv", r * 3 * d)
        LinearOp.forward(x: n1, w: w(p, ".self_attn.q_proj.weight"), b: w(p, ".self_attn.q_proj.bias"), y: qkv,
                         n: r, inFeatures: d, outFeatures: 3 * d)
        let att = a.buffer(key + ".att", r * d)
        let probs = a.buffer(key + ".probs", heads * segments.reduce(0) { $0 + $1.count * $1.count })
        var po = 0
        for s in segments {
            let t = s.count, base = qkv + s.lowerBound * 3 * d
            AttentionOp.forward(q: base, ldq: 3 * d, k: base + d, ldk: 3 * d, v: base + 2 * d, ldv: 3 * d, tq: t, tk: t,
                                heads: heads, headDim: hd, scale: 1 / Float(hd).squareRoot(), causal: causal,
                                out: att + s.lowerBound * d, ldo: d, probs: probs + po)
            po += heads * t * t
        }
        let mid = a.buffer(key + ".mid", r * d)
        mid.update(from: hIn, count: r * d)
        LinearOp.forward(x: att, w: w(p, ".self_attn.out_proj.weight"), b: w(p, ".self_attn.out_proj.bias"), y: mid,
                         n: r, inFeatures: d, outFeatures: d, accumulate: true)
        let n2 = a.buffer(key + ".n2", r * d), mean2 = a.buffer(key + ".mean2", r), rstd2 = a.buffer(key + ".rstd2", r)
        LayerNormOp.forward(x: mid, gamma: w(p, ".layer_norm2.weight"), beta: w(p, ".layer_norm2.bias"), y: n2,
                            mean: mean2, rstd: rstd2, rows: r, dim: d, eps: eps)
        let pre = a.buffer(key + ".pre", r * hidden), act = a.buffer(key + ".act", r * hidden)
        LinearOp.forward(x: n2, w: w(p, ".mlp.fc1.weight"), b: w(p, ".mlp.fc1.bias"), y: pre, n: r, inFeatures: d, outFeatures: hidden)
        ActivationOp.forward(activation, x: pre, y: act, count: r * hidden)
        hOut.update(from: mid, count: r * d)
        LinearOp.forward(x: act, w: w(p, ".mlp.fc2.weight"), b: w(p, ".mlp.fc2.bias"), y: hOut, n: r, inFeatures: hidden,
                         outFeatures: d, accumulate: true)
    }

    /// Backward of `forward`: `dh[R, D]` holds dL/dhOut on entry and dL/dhIn on return (the
    /// residual stream's gradient flows through in place); parameter gradients accumulate.
    func backward(_ p: ParameterSet, hIn: UnsafePointer<Float>, dh: UnsafeMutablePointer<Float>, segments: [Range<Int>],
                  causal: Bool, arena a: ActivationArena, key: String) {
        let r = segments.last?.upperBound ?? 0, d = dim, hd = d / heads
        // MLP branch: dh is dL/dmid's residual part already.
        let dAct = a.zeroed("grad.act", r * hidden)
        LinearOp.backward(dy: dh, x: a.buffer(key + ".act", 0), w: w(p, ".mlp.fc2.weight"), n: r, inFeatures: hidden,
                          outFeatures: d, dx: dAct, dw: g(p, ".mlp.fc2.weight"), db: g(p, ".mlp.fc2.bias"))
        let dPre = a.zeroed("grad.pre", r * hidden)
        ActivationOp.backward(activation, dy: dAct, x: a.buffer(key + ".pre", 0), dx: dPre, count: r * hidden)
        let dN2 = a.zeroed("grad.n", r * d)
        LinearOp.backward(dy: dPre, x: a.buffer(key + ".n2", 0), w: w(p, ".mlp.fc1.weight"), n: r, inFeatures: d,
                          outFeatures: hidden, dx: dN2, dw: g(p, ".mlp.fc1.weight"), db: g(p, ".mlp.fc1.bias"))
        LayerNormOp.backward(dy: dN2, x: a.buffer(key + ".mid", 0), gamma: w(p, ".layer_norm2.weight"),
                             mean: a.buffer(key + ".mean2", 0), rstd: a.buffer(key + ".rstd2", 0), rows: r, dim: d,
                             dx: dh, dgamma: g(p, ".layer_norm2.weight"), dbeta: g(p, ".layer_norm2.bias"))
        // Attention branch: dh is now dL/dmid in full.
        let dAtt = a.zeroed("grad.att", r * d)
        LinearOp.backward(dy: dh, x: a.buffer(key + ".att", 0), w: w(p, ".self_attn.out_proj.weight"), n: r, inFeatures: d,
                          outFeatures: d, dx: dAtt, dw: g(p, ".self_attn.out_proj.weight"), db: g(p, ".self_attn.out_proj.bias"))
        let qkv = a.buffer(key + ".qkv", 0), probs = a.buffer(key + ".probs", 0)
        let dQKV = a.zeroed("grad.qkv", r * 3 * d)
        var po = 0
        for s in segments {
            let t = s.count, o = s.lowerBound * 3 * d
            AttentionOp.backward(dout: dAtt + s.lowerBound * d, ldo: d, q: qkv + o, ldq: 3 * d, k: qkv + o + d, ldk: 3 * d,
                                 v: qkv + o + 2 * d, ldv: 3 * d, probs: probs + po, tq: t, tk: t, heads: heads, headDim: hd,
                                 scale: 1 / Float(hd).squareRoot(), dq: dQKV + o, dk: dQKV + o + d, dv: dQKV + o + 2 * d)
            po += heads * t * t
        }
        let dN1 = a.zeroed("grad.n", r * d)
        LinearOp.backward(dy: dQKV, x: a.buffer(key + ".n1", 0), w: w(p, ".self_attn.q_proj.weight"), n: r, inFeatures: d,
                          outFeatures: 3 * d, dx: dN1, dw: g(p, ".self_attn.q_proj.weight"), db: g(p, ".self_attn.q_proj.bias"))
        LayerNormOp.backward(dy: dN1, x: hIn, gamma: w(p, ".layer_norm1.weight"), mean: a.buffer(key + ".mean1", 0),
                             rstd: a.buffer(key + ".rstd1", 0), rows: r, dim: d, dx: dh,
                             dgamma: g(p, ".layer_norm1.weight"), dbeta: g(p, ".layer_norm1.bias"))
    }
}
