import Autograd
import Tensor
import XCTest

/// The ops chained into a small contrastive network, the way the trainer chains them:
/// `x → linear → layernorm → gelu → linear → l2normalize`, queries (rows 0..<B) against targets
/// (rows B..<2B) in a similarity matrix `S = q · tᵀ / τ`, cross-entropy with the diagonal as
/// targets. The gradient of every parameter and of the input, from the fast Float ops run
/// backward in reverse order, must match central differences of the naive Double chain.
final class CompositionTests: OpTestCase {
    private let b = 3, din = 5, hidden = 8, embed = 4, tau = 0.5

    /// The network's parameters, flattened in one order for finite differences.
    private struct Params {
        var x, w1, b1, gamma, beta, w2, b2: [Double]
        var all: [Double] { x + w1 + b1 + gamma + beta + w2 + b2 }

        init(x: [Double], w1: [Double], b1: [Double], gamma: [Double], beta: [Double], w2: [Double], b2: [Double]) {
            self.x = x; self.w1 = w1; self.b1 = b1; self.gamma = gamma; self.beta = beta; self.w2 = w2; self.b2 = b2
        }

        /// Splits a flat vector back with `template`'s sizes.
        init(_ flat: [Double], like template: Params) {
            var rest = flat[...]
            func take(_ n: Int) -> [Double] { defer { rest = rest.dropFirst(n) }; return Array(rest.prefix(n)) }
            self.init(x: take(template.x.count), w1: take(template.w1.count), b1: take(template.b1.count), gamma: take(template.gamma.count),
                      beta: take(template.beta.count), w2: take(template.w2.count), b2: take(template.b2.count))
        }
    }

    private func naiveLoss(_ p: Params) -> Double {
        let n = 2 * b
        let h = NaiveOps.linear(x: p.x, w: p.w1, b: p.b1, n: n, inFeatures: din, outFeatures: hidden)
        let ln = NaiveOps.layerNorm(x: h, gamma: p.gamma, beta: p.beta, rows: n, dim: hidden, eps: 1e-5)
        let act = NaiveOps.activation(.gelu, x: ln)
        let z = NaiveOps.linear(x: act, w: p.w2, b: p.b2, n: n, inFeatures: hidden, outFeatures: embed)
        let e = NaiveOps.l2Normalize(x: z, rows: n, dim: embed)
        let s = NaiveOps.linear(x: Array(e[..<(b * embed)]), w: Array(e[(b * embed)...]), b: nil, n: b, inFeatures: embed, outFeatures: b)
        return NaiveOps.crossEntropy(logits: s.map { $0 / tau }, targets: (0..<Int32(b)).map { $0 }, n: b, classes: b)
    }

    func testChainedFastOpsGiveTheNetworksGradient() {
        var rng = SplitMix(state: 99)
        let p = Params(x: rng.values(2 * b * din), w1: rng.values(hidden * din, scale: 0.5), b1: rng.values(hidden, scale: 0.1),
                       gamma: rng.values(hidden, scale: 0.2, offset: 1), beta: rng.values(hidden, scale: 0.1),
                       w2: rng.values(embed * hidden, scale: 0.4), b2: rng.values(embed, scale: 0.1))
        let n = 2 * b
        let x = floats(p.x), w1 = floats(p.w1), b1 = floats(p.b1), gamma = floats(p.gamma), beta = floats(p.beta)
        let w2 = floats(p.w2), b2 = floats(p.b2)

        // Forward, saving what backward reads.
        let h = zeros(count: n * hidden), ln = zeros(count: n * hidden), act = zeros(count: n * hidden)
        let mean = zeros(count: n), rstd = zeros(count: n)
        let z = zeros(count: n * embed), e = zeros(count: n * embed), norms = zeros(count: n)
        let logits = zeros(count: b * b), probs = zeros(count: b * b)
        let targets = (0..<Int32(b)).map { $0 }
        let q = e.pointer, t = e.pointer + b * embed
        LinearOp.forward(x: x.pointer, w: w1.pointer, b: b1.pointer, y: h.pointer, n: n, inFeatures: din, outFeatures: hidden)
        LayerNormOp.forward(x: h.pointer, gamma: gamma.pointer, beta: beta.pointer, y: ln.pointer, mean: mean.pointer, rstd: rstd.pointer,
                            rows: n, dim: hidden, eps: 1e-5)
        ActivationOp.forward(.gelu, x: ln.pointer, y: act.pointer, count: n * hidden)
        LinearOp.forward(x: act.pointer, w: w2.pointer, b: b2.pointer, y: z.pointer, n: n, inFeatures: hidden, outFeatures: embed)
        L2NormalizeOp.forward(x: z.pointer, y: e.pointer, norms: norms.pointer, rows: n, dim: embed)
        LinearOp.forward(x: q, w: t, b: nil, y: logits.pointer, n: b, inFeatures: embed, outFeatures: b)
        for i in 0..<(b * b) { logits.pointer[i] /= Float(tau) }
        let loss = CrossEntropyOp.forward(logits: logits.pointer, targets: targets, probs: probs.pointer, n: b, classes: b)
        assertClose([Double(loss)], [naiveLoss(p)], tolerance: 1e-5, "loss")

        // Backward, in reverse order.
        let dlogits = zeros(count: b * b), de = zeros(count: n * embed), dz = zeros(count: n * embed)
        let dact = zeros(count: n * hidden), dln = zeros(count: n * hidden), dh = zeros(count: n * hidden)
        let dx = zeros(count: n * din), dw1 = zeros(count: hidden * din), db1 = zeros(count: hidden)
        let dgamma = zeros(count: hidden), dbeta = zeros(count: hidden)
        let dw2 = zeros(count: embed * hidden), db2 = zeros(count: embed)
        CrossEntropyOp.backward(probs: probs.pointer, targets: targets, dlogits: dlogits.pointer, n: b, classes: b)
        for i in 0..<(b * b) { dlogits.pointer[i] /= Float(tau) }
        LinearOp.backward(dy: dlogits.pointer, x: q, w: t, n: b, inFeatures: embed, outFeatures: b,
                          dx: de.pointer, dw: de.pointer + b * embed, db: nil)
        L2NormalizeOp.backward(dy: de.pointer, y: e.pointer, norms: norms.pointer, dx: dz.pointer, rows: n, dim: embed)
        LinearOp.backward(dy: dz.pointer, x: act.pointer, w: w2.pointer, n: n, inFeatures: hidden, outFeatures: embed,
                          dx: dact.pointer, dw: dw2.pointer, db: db2.pointer)
        ActivationOp.backward(.gelu, dy: dact.pointer, x: ln.pointer, dx: dln.pointer, count: n * hidden)
        LayerNormOp.backward(dy: dln.pointer, x: h.pointer, gamma: gamma.pointer, mean: mean.pointer, rstd: rstd.pointer, rows: n, dim: hidden,
                             dx: dh.pointer, dgamma: dgamma.pointer, dbeta: dbeta.pointer)
        LinearOp.backward(dy: dh.pointer, x: x.pointer, w: w1.pointer, n: n, inFeatures: din, outFeatures: hidden,
                          dx: dx.pointer, dw: dw1.pointer, db: db1.pointer)

        let fd = Params(numericGradient(p.all, h: 1e-6) { naiveLoss(Params($0, like: p)) }, like: p)
        // Float32 through seven ops: ~1e-6 relative in practice; 1e-4 leaves room, a wrong link is O(1).
        let tolerance = 1e-4
        assertClose(doubles(dx), fd.x, tolerance: tolerance, "dx")
        assertClose(doubles(dw1), fd.w1, tolerance: tolerance, "dw1")
        assertClose(doubles(db1), fd.b1, tolerance: tolerance, "db1")
        assertClose(doubles(dgamma), fd.gamma, tolerance: tolerance, "dgamma")
        assertClose(doubles(dbeta), fd.beta, tolerance: tolerance, "dbeta")
        assertClose(doubles(dw2), fd.w2, tolerance: tolerance, "dw2")
        assertClose(doubles(db2), fd.b2, tolerance: tolerance, "db2")
    }
}
