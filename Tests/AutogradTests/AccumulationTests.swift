import Autograd
import Tensor
import XCTest

/// Backward functions add into the gradients they are given (`+=`): calling one twice doubles
/// the gradient, and a buffer that already holds a gradient (a parameter shared by two uses, a
/// residual stream) ends with the sum. Tolerance 1e-6 relative: the second call's rounding.
final class AccumulationTests: OpTestCase {
    private var rng = SplitMix(state: 23)

    /// Runs `backward` on zeroed buffers once and twice, and once on buffers pre-filled with
    /// random values; checks twice = 2 × once and prefilled = prior + once for every buffer.
    private func assertAccumulates(_ what: String, counts: [Int], _ backward: ([UnsafeMutablePointer<Float>]) -> Void,
                                   file: StaticString = #filePath, line: UInt = #line) {
        let once = counts.map { zeros(count: $0) }, twice = counts.map { zeros(count: $0) }
        let prior = counts.map { rng.values($0) }, prefilled = prior.map { floats($0) }
        backward(once.map(\.pointer))
        backward(twice.map(\.pointer))
        backward(twice.map(\.pointer))
        backward(prefilled.map(\.pointer))
        for i in counts.indices {
            XCTAssertTrue(doubles(once[i]).contains { $0 != 0 }, "\(what) gradient \(i) is all zero", file: file, line: line)
            assertClose(doubles(twice[i]), doubles(once[i]).map { 2 * $0 }, tolerance: 1e-6, "\(what) gradient \(i) twice",
                        file: file, line: line)
            assertClose(doubles(prefilled[i]), zip(prior[i], doubles(once[i])).map(+), tolerance: 1e-6, "\(what) gradient \(i) prefilled",
                        file: file, line: line)
        }
    }

    func testLinearBackwardAccumulatesDxDwDb() {
        let (n, i, o) = (4, 6, 5)
        let x = floats(rng.values(n * i)), w = floats(rng.values(o * i)), dy = floats(rng.values(n * o))
        assertAccumulates("linear", counts: [n * i, o * i, o]) { g in
            LinearOp.backward(dy: dy.pointer, x: x.pointer, w: w.pointer, n: n, inFeatures: i, outFeatures: o, dx: g[0], dw: g[1], db: g[2])
        }
    }

    func testLayerNormBackwardAccumulatesDxDgammaDbeta() {
        let (rows, dim) = (3, 10)
        let x = floats(rng.values(rows * dim)), gamma = floats(rng.values(dim)), beta = floats(rng.values(dim)), dy = floats(rng.values(rows * dim))
        let y = zeros(count: rows * dim), mean = zeros(count: rows), rstd = zeros(count: rows)
        LayerNormOp.forward(x: x.pointer, gamma: gamma.pointer, beta: beta.pointer, y: y.pointer, mean: mean.pointer, rstd: rstd.pointer,
                            rows: rows, dim: dim, eps: 1e-5)
        assertAccumulates("layernorm", counts: [rows * dim, dim, dim]) { g in
            LayerNormOp.backward(dy: dy.pointer, x: x.pointer, gamma: gamma.pointer, mean: mean.pointer, rstd: rstd.pointer, rows: rows,
                                 dim: dim, dx: g[0], dgamma: g[1], dbeta: g[2])
        }
    }

    func testActivationBackwardAccumulates() {
        let x = floats(rng.values(50, scale: 2)), dy = floats(rng.values(50))
        for kind in [Activation.gelu, .quickGELU] {
            assertAccumulates("\(kind)", counts: [50]) { g in ActivationOp.backward(kind, dy: dy.pointer, x: x.pointer, dx: g[0], count: 50) }
        }
    }

    func testAttentionBackwardAccumulatesDqDkDv() {
        let (tq, tk, heads, hd) = (3, 5, 2, 4), d = heads * hd
        let q = floats(rng.values(tq * d)), k = floats(rng.values(tk * d)), v = floats(rng.values(tk * d)), dout = floats(rng.values(tq * d))
        let out = zeros(count: tq * d), probs = zeros(count: heads * tq * tk)
        AttentionOp.forward(q: q.pointer, ldq: d, k: k.pointer, ldk: d, v: v.pointer, ldv: d, tq: tq, tk: tk, heads: heads, headDim: hd,
                            scale: 0.5, causal: false, validKeys: 4, out: out.pointer, ldo: d, probs: probs.pointer)
        assertAccumulates("attention", counts: [tq * d, tk * d, tk * d]) { g in
            AttentionOp.backward(dout: dout.pointer, ldo: d, q: q.pointer, ldq: d, k: k.pointer, ldk: d, v: v.pointer, ldv: d,
                                 probs: probs.pointer, tq: tq, tk: tk, heads: heads, headDim: hd, scale: 0.5, dq: g[0], dk: g[1], dv: g[2])
        }
    }

    func testSoftmaxEmbeddingPatchL2AndCrossEntropyBackwardsAccumulate() {
        let y = zeros(count: 12), probs = zeros(count: 12), norms = zeros(count: 3), dy = floats(rng.values(12))
        SoftmaxOp.forward(x: floats(rng.values(12)).pointer, y: y.pointer, rows: 3, cols: 4)
        assertAccumulates("softmax", counts: [12]) { g in SoftmaxOp.backward(dy: dy.pointer, y: y.pointer, dx: g[0], rows: 3, cols: 4) }

        let ids: [Int32] = [1, 1, 0]
        assertAccumulates("embedding", counts: [8]) { g in EmbeddingOp.backward(dout: dy.pointer, ids: ids, dtable: g[0], n: 3, dim: 4) }

        let columns = floats(rng.values(6 * 4))  // [B·P = 6, C·p·p = 4], dout [6, D = 2]
        assertAccumulates("patch", counts: [8]) { g in
            PatchEmbedOp.backward(dout: dy.pointer, columns: columns.pointer, batch: 2, patches: 3, patchFeatures: 4, dim: 2, dweight: g[0])
        }

        let normalized = zeros(count: 12)
        L2NormalizeOp.forward(x: floats(rng.values(12)).pointer, y: normalized.pointer, norms: norms.pointer, rows: 3, dim: 4)
        assertAccumulates("l2", counts: [12]) { g in
            L2NormalizeOp.backward(dy: dy.pointer, y: normalized.pointer, norms: norms.pointer, dx: g[0], rows: 3, dim: 4)
        }

        let targets: [Int32] = [3, 0, 1]
        _ = CrossEntropyOp.forward(logits: floats(rng.values(12)).pointer, targets: targets, probs: probs.pointer, n: 3, classes: 4)
        assertAccumulates("cross-entropy", counts: [12]) { g in
            CrossEntropyOp.backward(probs: probs.pointer, targets: targets, dlogits: g[0], n: 3, classes: 4)
        }
    }

    func testNilGradientsAreSkipped() {
        let (n, i, o) = (2, 3, 4)
        let x = floats(rng.values(n * i)), w = floats(rng.values(o * i)), dy = floats(rng.values(n * o))
        let dw = zeros(count: o * i), reference = zeros(count: o * i)
        LinearOp.backward(dy: dy.pointer, x: x.pointer, w: w.pointer, n: n, inFeatures: i, outFeatures: o, dx: nil, dw: dw.pointer, db: nil)
        LinearOp.backward(dy: dy.pointer, x: x.pointer, w: w.pointer, n: n, inFeatures: i, outFeatures: o,
                          dx: zeros(count: n * i).pointer, dw: reference.pointer, db: zeros(count: o).pointer)
        XCTAssertEqual(dw.array, reference.array)
    }
}
