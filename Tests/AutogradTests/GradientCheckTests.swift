import Autograd
import Tensor
import XCTest

/// Every naive Double backward against central finite differences of its naive forward, for every
/// input and parameter. The loss is a random projection `L = r · forward(…)`, so `dy = r`.
/// Tolerance: norm-wise relative error ≤ 1e-6 (central differences with h = 1e-6 are good to
/// ~1e-9 here; a wrong term in a backward is off by O(1)).
final class GradientCheckTests: XCTestCase {
    private var rng = SplitMix(state: 7)
    private let tolerance = 1e-6

    func testLinearGradientsMatchFiniteDifferences() {
        let (n, i, o) = (3, 4, 5)
        let x = rng.values(n * i), w = rng.values(o * i), b = rng.values(o), r = rng.values(n * o)
        let g = NaiveOps.linearBackward(dy: r, x: x, w: w, n: n, inFeatures: i, outFeatures: o)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            dot(r, NaiveOps.linear(x: x, w: w, b: b, n: n, inFeatures: i, outFeatures: o))
        }
        assertClose(g.dx, numericGradient(x) { loss($0, w, b) }, tolerance: tolerance, "linear dx")
        assertClose(g.dw, numericGradient(w) { loss(x, $0, b) }, tolerance: tolerance, "linear dw")
        assertClose(g.db, numericGradient(b) { loss(x, w, $0) }, tolerance: tolerance, "linear db")
    }

    func testLayerNormGradientsMatchFiniteDifferences() {
        let (rows, dim, eps) = (3, 6, 1e-5)
        // An offset and a small-spread row: the statistics' own gradients matter there.
        let x = rng.values(rows * dim, scale: 2, offset: 3), gamma = rng.values(dim), beta = rng.values(dim), r = rng.values(rows * dim)
        let g = NaiveOps.layerNormBackward(dy: r, x: x, gamma: gamma, rows: rows, dim: dim, eps: eps)
        func loss(_ x: [Double], _ gamma: [Double], _ beta: [Double]) -> Double {
            dot(r, NaiveOps.layerNorm(x: x, gamma: gamma, beta: beta, rows: rows, dim: dim, eps: eps))
        }
        assertClose(g.dx, numericGradient(x) { loss($0, gamma, beta) }, tolerance: tolerance, "layernorm dx")
        assertClose(g.dgamma, numericGradient(gamma) { loss(x, $0, beta) }, tolerance: tolerance, "layernorm dgamma")
        assertClose(g.dbeta, numericGradient(beta) { loss(x, gamma, $0) }, tolerance: tolerance, "layernorm dbeta")
    }

    func testActivationGradientsMatchFiniteDifferences() {
        for kind in [Activation.gelu, .quickGELU] {
            let x = rng.values(40, scale: 3), r = rng.values(40)
            let dx = NaiveOps.activationBackward(kind, dy: r, x: x)
            assertClose(dx, numericGradient(x) { dot(r, NaiveOps.activation(kind, x: $0)) }, tolerance: tolerance, "\(kind) dx")
        }
    }

    func testSoftmaxGradientsMatchFiniteDifferences() {
        for valid in [nil, 3] as [Int?] {
            let (rows, cols) = (3, 5)
            let x = rng.values(rows * cols, scale: 2), r = rng.values(rows * cols)
            let dx = NaiveOps.softmaxRowsBackward(dy: r, x: x, rows: rows, cols: cols, validCols: valid)
            let fd = numericGradient(x) { dot(r, NaiveOps.softmaxRows(x: $0, rows: rows, cols: cols, validCols: valid)) }
            assertClose(dx, fd, tolerance: tolerance, "softmax dx, validCols \(String(describing: valid))")
        }
    }

    /// Self and cross attention, one and several heads, causal and padding masks alone and
    /// together, and a single pooling query.
    static let attentionCases: [NaiveOps.AttentionShape] = [
        .init(tq: 4, tk: 4, heads: 2, headDim: 3, scale: 0.577, causal: true),
        .init(tq: 3, tk: 5, heads: 3, headDim: 2, scale: 0.707, causal: false, validKeys: 4),
        .init(tq: 5, tk: 5, heads: 2, headDim: 2, scale: 0.9, causal: true, validKeys: 3),
        .init(tq: 1, tk: 6, heads: 2, headDim: 3, scale: 0.577, causal: false),
        .init(tq: 3, tk: 3, heads: 1, headDim: 4, scale: 0.5, causal: false),
    ]

    func testAttentionGradientsMatchFiniteDifferences() {
        for s in Self.attentionCases {
            let d = s.heads * s.headDim
            let q = rng.values(s.tq * d), k = rng.values(s.tk * d), v = rng.values(s.tk * d), r = rng.values(s.tq * d)
            let g = NaiveOps.attentionBackward(dout: r, q: q, k: k, v: v, s)
            func loss(_ q: [Double], _ k: [Double], _ v: [Double]) -> Double { dot(r, NaiveOps.attention(q: q, k: k, v: v, s).out) }
            let what = "attention tq \(s.tq) tk \(s.tk) H \(s.heads) causal \(s.causal) valid \(String(describing: s.validKeys))"
            assertClose(g.dq, numericGradient(q) { loss($0, k, v) }, tolerance: tolerance, what + " dq")
            assertClose(g.dk, numericGradient(k) { loss(q, $0, v) }, tolerance: tolerance, what + " dk")
            assertClose(g.dv, numericGradient(v) { loss(q, k, $0) }, tolerance: tolerance, what + " dv")
        }
    }

    func testEmbeddingGradientsMatchFiniteDifferences() {
        let (rows, dim) = (5, 3)
        let ids: [Int32] = [2, 0, 2, 4, 2]  // a repeated id sums its rows' gradients
        let table = rng.values(rows * dim), r = rng.values(ids.count * dim)
        let dtable = NaiveOps.embeddingBackward(dout: r, ids: ids, tableRows: rows, dim: dim)
        let fd = numericGradient(table) { dot(r, NaiveOps.embedding(ids: ids, table: $0, dim: dim)) }
        assertClose(dtable, fd, tolerance: tolerance, "embedding dtable")
    }

    func testPatchEmbedGradientsMatchFiniteDifferences() {
        // Non-square, with a row of pixels past the last whole patch.
        let s = NaiveOps.PatchShape(batch: 2, channels: 3, height: 5, width: 6, patch: 2, dim: 3)
        let pixels = rng.values(s.batch * s.channels * s.height * s.width), w = rng.values(s.dim * s.channels * 4)
        let r = rng.values(s.batch * s.patches * s.dim)
        let dw = NaiveOps.patchEmbedBackward(dout: r, pixels: pixels, s)
        assertClose(dw, numericGradient(w) { dot(r, NaiveOps.patchEmbed(pixels: pixels, weight: $0, s)) }, tolerance: tolerance, "patch dweight")
    }

    func testL2NormalizeGradientsMatchFiniteDifferences() {
        let (rows, dim) = (3, 5)
        let x = rng.values(rows * dim), r = rng.values(rows * dim)
        let dx = NaiveOps.l2NormalizeBackward(dy: r, x: x, rows: rows, dim: dim)
        assertClose(dx, numericGradient(x) { dot(r, NaiveOps.l2Normalize(x: $0, rows: rows, dim: dim)) }, tolerance: tolerance, "l2 dx")
    }

    func testCrossEntropyGradientsMatchFiniteDifferences() {
        let (n, c) = (4, 5)
        let logits = rng.values(n * c, scale: 3), targets: [Int32] = [0, 4, 2, 2]
        let d = NaiveOps.crossEntropyBackward(logits: logits, targets: targets, n: n, classes: c, scale: 0.5)
        let fd = numericGradient(logits) { 0.5 * NaiveOps.crossEntropy(logits: $0, targets: targets, n: n, classes: c) }
        assertClose(d, fd, tolerance: tolerance, "cross-entropy dlogits")
    }
}
