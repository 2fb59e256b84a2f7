import Autograd
import Tensor
import XCTest

/// Every fast Float op, forward and backward, against its naive Double twin on the same
/// (Float-representable) inputs. Tolerance: norm-wise relative error ≤ 1e-4 — float32 rounding
/// over these short sums is ~1e-6, a wrong index or term is O(1).
final class FastVsNaiveTests: OpTestCase {
    private var rng = SplitMix(state: 11)
    private let tolerance = 1e-4

    func testLinearMatchesNaiveIncludingAccumulateMode() {
        for (n, i, o) in [(3, 4, 5), (17, 33, 9), (1, 64, 70)] {
            let x = rng.values(n * i), w = rng.values(o * i), b = rng.values(o), dy = rng.values(n * o), prior = rng.values(n * o)
            let fx = floats(x), fw = floats(w), fb = floats(b)
            let y = zeros(count: n * o)
            LinearOp.forward(x: fx.pointer, w: fw.pointer, b: fb.pointer, y: y.pointer, n: n, inFeatures: i, outFeatures: o)
            let expected = NaiveOps.linear(x: x, w: w, b: b, n: n, inFeatures: i, outFeatures: o)
            assertClose(doubles(y), expected, tolerance: tolerance, "linear \(n)x\(i)x\(o) y")
            // accumulate: y += x·wᵀ + b, the bias included (residual connections).
            let acc = floats(prior)
            LinearOp.forward(x: fx.pointer, w: fw.pointer, b: fb.pointer, y: acc.pointer, n: n, inFeatures: i, outFeatures: o, accumulate: true)
            assertClose(doubles(acc), zip(prior, expected).map(+), tolerance: tolerance, "linear accumulate")

            let g = NaiveOps.linearBackward(dy: dy, x: x, w: w, n: n, inFeatures: i, outFeatures: o)
            let dx = zeros(count: n * i), dw = zeros(count: o * i), db = zeros(count: o)
            LinearOp.backward(dy: floats(dy).pointer, x: fx.pointer, w: fw.pointer, n: n, inFeatures: i, outFeatures: o,
                              dx: dx.pointer, dw: dw.pointer, db: db.pointer)
            assertClose(doubles(dx), g.dx, tolerance: tolerance, "linear dx")
            assertClose(doubles(dw), g.dw, tolerance: tolerance, "linear dw")
            assertClose(doubles(db), g.db, tolerance: tolerance, "linear db")
        }
    }

    func testLayerNormMatchesNaiveAndSavesTheKernelsStatistics() {
        // 37: the kernel's vector body and scalar tail; offset 40: a large common mean.
        for (rows, dim, offset) in [(4, 37, 2.0), (3, 64, 40)] {
            let x = rng.values(rows * dim, scale: 3, offset: offset), gamma = rng.values(dim), beta = rng.values(dim)
            let dy = rng.values(rows * dim)
            let fx = floats(x), fg = floats(gamma)
            let y = zeros(count: rows * dim), mean = zeros(count: rows), rstd = zeros(count: rows)
            LayerNormOp.forward(x: fx.pointer, gamma: fg.pointer, beta: floats(beta).pointer, y: y.pointer, mean: mean.pointer,
                                rstd: rstd.pointer, rows: rows, dim: dim, eps: 1e-5)
            assertClose(doubles(y), NaiveOps.layerNorm(x: x, gamma: gamma, beta: beta, rows: rows, dim: dim, eps: 1e-5),
                        tolerance: tolerance, "layernorm \(dim) y")
            // y is exactly the serving kernel's output.
            let kernel = zeros(count: rows * dim)
            LayerNormKernel.forward(fx.pointer, rows: rows, dim: dim, gamma: fg.pointer, beta: floats(beta).pointer, eps: 1e-5, into: kernel.pointer)
            XCTAssertEqual(y.array, kernel.array, "layernorm y differs from LayerNormKernel")
            for r in 0..<rows {
                let row = x[(r * dim)..<((r + 1) * dim)], m = row.reduce(0, +) / Double(dim)
                let variance = row.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(dim)
                assertClose([Double(mean.pointer[r])], [m], tolerance: 1e-6, "mean row \(r)")
                assertClose([Double(rstd.pointer[r])], [1 / (variance + 1e-5).squareRoot()], tolerance: 1e-6, "rstd row \(r)")
            }

            let g = NaiveOps.layerNormBackward(dy: dy, x: x, gamma: gamma, rows: rows, dim: dim, eps: 1e-5)
            let dx = zeros(count: rows * dim), dgamma = zeros(count: dim), dbeta = zeros(count: dim)
            LayerNormOp.backward(dy: floats(dy).pointer, x: fx.pointer, gamma: fg.pointer, mean: mean.pointer, rstd: rstd.pointer,
                                 rows: rows, dim: dim, dx: dx.pointer, dgamma: dgamma.pointer, dbeta: dbeta.pointer)
            assertClose(doubles(dx), g.dx, tolerance: tolerance, "layernorm \(dim) dx")
            assertClose(doubles(dgamma), g.dgamma, tolerance: tolerance, "layernorm \(dim) dgamma")
            assertClose(doubles(dbeta), g.dbeta, tolerance: tolerance, "layernorm \(dim) dbeta")
        }
    }

    func testLayerNormForwardInPlaceGivesTheSameResult() {
        let (rows, dim) = (3, 20)
        let x = rng.values(rows * dim, offset: 1), gamma = floats(rng.values(dim)), beta = floats(rng.values(dim))
        let y = zeros(count: rows * dim), mean = zeros(count: rows), rstd = zeros(count: rows)
        LayerNormOp.forward(x: floats(x).pointer, gamma: gamma.pointer, beta: beta.pointer, y: y.pointer, mean: mean.pointer,
                            rstd: rstd.pointer, rows: rows, dim: dim, eps: 1e-5)
        let inPlace = floats(x), mean2 = zeros(count: rows), rstd2 = zeros(count: rows)
        LayerNormOp.forward(x: inPlace.pointer, gamma: gamma.pointer, beta: beta.pointer, y: inPlace.pointer, mean: mean2.pointer,
                            rstd: rstd2.pointer, rows: rows, dim: dim, eps: 1e-5)
        XCTAssertEqual(inPlace.array, y.array)
        XCTAssertEqual(mean2.array, mean.array)
        XCTAssertEqual(rstd2.array, rstd.array)
    }

    func testActivationsMatchNaiveOverBothTails() {
        // 2 · 1024 + 37 elements: several backward chunks and a ragged end; scale 4 reaches the tails.
        let count = 2 * 1024 + 37
        for kind in [Activation.gelu, .quickGELU] {
            var x = rng.values(count, scale: 4)
            x[0] = 0; x[1] = 1e-4; x[2] = -1e-4; x[3] = -12; x[4] = 12
            let dy = rng.values(count), fx = floats(x)
            let y = zeros(count: count)
            ActivationOp.forward(kind, x: fx.pointer, y: y.pointer, count: count)
            assertClose(doubles(y), NaiveOps.activation(kind, x: x), tolerance: tolerance, "\(kind) y")
            let dx = zeros(count: count)
            ActivationOp.backward(kind, dy: floats(dy).pointer, x: fx.pointer, dx: dx.pointer, count: count)
            let expected = NaiveOps.activationBackward(kind, dy: dy, x: x)
            assertClose(doubles(dx), expected, tolerance: tolerance, "\(kind) dx")
            // Element-wise too: the norm-wise check would hide a bad tail formula.
            for i in 0..<count where abs(Double(dx.pointer[i]) - expected[i]) > 1e-5 * max(abs(expected[i]), 0.05) {
                XCTFail("\(kind) dx[\(i)] at x = \(x[i]): \(dx.pointer[i]) vs \(expected[i])")
                break
            }
        }
    }

    func testSoftmaxMatchesNaiveWithAndWithoutMask() {
        for valid in [nil, 4] as [Int?] {
            let (rows, cols) = (3, 7)
            let x = rng.values(rows * cols, scale: 3), dy = rng.values(rows * cols)
            let y = zeros(count: rows * cols)
            SoftmaxOp.forward(x: floats(x).pointer, y: y.pointer, rows: rows, cols: cols, validCols: valid)
            assertClose(doubles(y), NaiveOps.softmaxRows(x: x, rows: rows, cols: cols, validCols: valid), tolerance: tolerance, "softmax y")
            let dx = zeros(count: rows * cols)
            SoftmaxOp.backward(dy: floats(dy).pointer, y: y.pointer, dx: dx.pointer, rows: rows, cols: cols)
            assertClose(doubles(dx), NaiveOps.softmaxRowsBackward(dy: dy, x: x, rows: rows, cols: cols, validCols: valid),
                        tolerance: tolerance, "softmax dx")
        }
    }

    func testAttentionMatchesNaiveOnDenseBuffers() {
        var cases = GradientCheckTests.attentionCases
        cases.append(.init(tq: 4, tk: 4, heads: 2, headDim: 2, scale: 0.7, causal: false, validKeys: 0))  // no visible key
        cases.append(.init(tq: 9, tk: 13, heads: 4, headDim: 16, scale: 0.25, causal: false, validKeys: 11))
        for s in cases {
            let d = s.heads * s.headDim
            let q = rng.values(s.tq * d), k = rng.values(s.tk * d), v = rng.values(s.tk * d), dout = rng.values(s.tq * d)
            let fq = floats(q), fk = floats(k), fv = floats(v)
            let out = zeros(count: s.tq * d), probs = zeros(count: s.heads * s.tq * s.tk)
            AttentionOp.forward(q: fq.pointer, ldq: d, k: fk.pointer, ldk: d, v: fv.pointer, ldv: d, tq: s.tq, tk: s.tk,
                                heads: s.heads, headDim: s.headDim, scale: Float(s.scale), causal: s.causal, validKeys: s.validKeys,
                                out: out.pointer, ldo: d, probs: probs.pointer)
            let what = "attention tq \(s.tq) tk \(s.tk) H \(s.heads) causal \(s.causal) valid \(String(describing: s.validKeys))"
            let expected = NaiveOps.attention(q: q, k: k, v: v, s)
            assertClose(doubles(out), expected.out, tolerance: tolerance, floor: 1, what + " out")
            assertClose(doubles(probs), expected.probs, tolerance: tolerance, floor: 1, what + " probs")

            let g = NaiveOps.attentionBackward(dout: dout, q: q, k: k, v: v, s)
            let dq = zeros(count: s.tq * d), dk = zeros(count: s.tk * d), dv = zeros(count: s.tk * d)
            AttentionOp.backward(dout: floats(dout).pointer, ldo: d, q: fq.pointer, ldq: d, k: fk.pointer, ldk: d, v: fv.pointer, ldv: d,
                                 probs: probs.pointer, tq: s.tq, tk: s.tk, heads: s.heads, headDim: s.headDim, scale: Float(s.scale),
                                 dq: dq.pointer, dk: dk.pointer, dv: dv.pointer)
            assertClose(doubles(dq), g.dq, tolerance: tolerance, floor: 1, what + " dq")
            assertClose(doubles(dk), g.dk, tolerance: tolerance, floor: 1, what + " dk")
            assertClose(doubles(dv), g.dv, tolerance: tolerance, floor: 1, what + " dv")
        }
    }

    /// Self-attention reading a fused `[T, 3D]` QKV buffer and writing its gradient into a fused
    /// `[T, 3D]` buffer, with the output in a wider `[T, D + 5]` buffer whose extra columns
    /// must stay untouched: the layout the encoder blocks use.
    func testAttentionOnFusedQKVStridesMatchesNaive() {
        let s = NaiveOps.AttentionShape(tq: 6, tk: 6, heads: 3, headDim: 4, scale: 0.5, causal: true, validKeys: 5)
        let d = s.heads * s.headDim, t = s.tq, ldo = d + 5
        let qkv = rng.values(t * 3 * d), dout = rng.values(t * ldo)
        func columns(_ a: [Double], _ ld: Int, _ from: Int) -> [Double] { (0..<t).flatMap { a[($0 * ld + from)..<($0 * ld + from + d)] } }
        let q = columns(qkv, 3 * d, 0), k = columns(qkv, 3 * d, d), v = columns(qkv, 3 * d, 2 * d)
        let fqkv = floats(qkv), out = floats([Double](repeating: 7, count: t * ldo)), probs = zeros(count: s.heads * t * t)
        AttentionOp.forward(q: fqkv.pointer, ldq: 3 * d, k: fqkv.pointer + d, ldk: 3 * d, v: fqkv.pointer + 2 * d, ldv: 3 * d,
                            tq: t, tk: t, heads: s.heads, headDim: s.headDim, scale: Float(s.scale), causal: true, validKeys: 5,
                            out: out.pointer, ldo: ldo, probs: probs.pointer)
        let o = doubles(out)
        assertClose(columns(o, ldo, 0), NaiveOps.attention(q: q, k: k, v: v, s).out, tolerance: tolerance, floor: 1, "fused out")
        XCTAssertTrue((0..<t).allSatisfy { r in (d..<ldo).allSatisfy { o[r * ldo + $0] == 7 } }, "columns past D of out were written")

        let dqkv = zeros(count: t * 3 * d)
        AttentionOp.backward(dout: floats(dout).pointer, ldo: ldo, q: fqkv.pointer, ldq: 3 * d, k: fqkv.pointer + d, ldk: 3 * d,
                             v: fqkv.pointer + 2 * d, ldv: 3 * d, probs: probs.pointer, tq: t, tk: t, heads: s.heads, headDim: s.headDim,
                             scale: Float(s.scale), dq: dqkv.pointer, dk: dqkv.pointer + d, dv: dqkv.pointer + 2 * d)
        let g = NaiveOps.attentionBackward(dout: columns(dout, ldo, 0), q: q, k: k, v: v, s), fused = doubles(dqkv)
        assertClose(columns(fused, 3 * d, 0), g.dq, tolerance: tolerance, floor: 1, "fused dq")
        assertClose(columns(fused, 3 * d, d), g.dk, tolerance: tolerance, floor: 1, "fused dk")
        assertClose(columns(fused, 3 * d, 2 * d), g.dv, tolerance: tolerance, floor: 1, "fused dv")
    }

    func testEmbeddingMatchesNaiveWithRepeatedIds() {
        let (rows, dim) = (6, 5)
        let ids: [Int32] = [3, 1, 3, 5, 0, 3], table = rng.values(rows * dim), dout = rng.values(ids.count * dim)
        let out = zeros(count: ids.count * dim), dtable = zeros(count: rows * dim)
        EmbeddingOp.forward(ids: ids, table: floats(table).pointer, out: out.pointer, n: ids.count, dim: dim, tableRows: rows)
        XCTAssertEqual(doubles(out), NaiveOps.embedding(ids: ids, table: table, dim: dim))
        EmbeddingOp.backward(dout: floats(dout).pointer, ids: ids, dtable: dtable.pointer, n: ids.count, dim: dim)
        assertClose(doubles(dtable), NaiveOps.embeddingBackward(dout: dout, ids: ids, tableRows: rows, dim: dim),
                    tolerance: tolerance, "embedding dtable")
    }

    func testPatchEmbedMatchesTheDirectConvolution() {
        let s = NaiveOps.PatchShape(batch: 2, channels: 3, height: 9, width: 6, patch: 3, dim: 5)
        let cpp = s.channels * s.patch * s.patch
        let pixels = rng.values(s.batch * s.channels * s.height * s.width), w = rng.values(s.dim * cpp)
        let dout = rng.values(s.batch * s.patches * s.dim), fw = floats(w)
        let columns = zeros(count: s.batch * s.patches * cpp), out = zeros(count: s.batch * s.patches * s.dim)
        PatchEmbedOp.forward(pixels: floats(pixels).pointer, batch: s.batch, channels: s.channels, height: s.height, width: s.width,
                             patch: s.patch, weight: fw.pointer, dim: s.dim, columns: columns.pointer, out: out.pointer)
        assertClose(doubles(out), NaiveOps.patchEmbed(pixels: pixels, weight: w, s), tolerance: tolerance, "patch out")
        let dw = zeros(count: s.dim * cpp)
        PatchEmbedOp.backward(dout: floats(dout).pointer, columns: columns.pointer, batch: s.batch, patches: s.patches,
                              patchFeatures: cpp, dim: s.dim, dweight: dw.pointer)
        assertClose(doubles(dw), NaiveOps.patchEmbedBackward(dout: dout, pixels: pixels, s), tolerance: tolerance, "patch dweight")
    }

    func testL2NormalizeMatchesNaiveIncludingAZeroRow() {
        let (rows, dim) = (4, 6)
        var x = rng.values(rows * dim)
        for j in 0..<dim { x[2 * dim + j] = 0 }  // below the norm floor: y = 0, dx = dy / 1e-12
        let dy = rng.values(rows * dim)
        let y = zeros(count: rows * dim), norms = zeros(count: rows), dx = zeros(count: rows * dim)
        L2NormalizeOp.forward(x: floats(x).pointer, y: y.pointer, norms: norms.pointer, rows: rows, dim: dim)
        assertClose(doubles(y), NaiveOps.l2Normalize(x: x, rows: rows, dim: dim), tolerance: tolerance, "l2 y")
        L2NormalizeOp.backward(dy: floats(dy).pointer, y: y.pointer, norms: norms.pointer, dx: dx.pointer, rows: rows, dim: dim)
        let expected = NaiveOps.l2NormalizeBackward(dy: dy, x: x, rows: rows, dim: dim), got = doubles(dx)
        let normal = [0, 1, 3].flatMap { r in (0..<dim).map { r * dim + $0 } }, floored = (0..<dim).map { 2 * dim + $0 }
        assertClose(normal.map { got[$0] }, normal.map { expected[$0] }, tolerance: tolerance, "l2 dx")
        assertClose(floored.map { got[$0] }, floored.map { expected[$0] }, tolerance: tolerance, "l2 dx of the zero row")
    }

    func testCrossEntropyMatchesNaive() {
        let (n, c) = (5, 7)
        let logits = rng.values(n * c, scale: 4), targets: [Int32] = [0, 6, 3, 3, 1]
        let probs = zeros(count: n * c), dlogits = zeros(count: n * c)
        let loss = CrossEntropyOp.forward(logits: floats(logits).pointer, targets: targets, probs: probs.pointer, n: n, classes: c)
        assertClose([Double(loss)], [NaiveOps.crossEntropy(logits: logits, targets: targets, n: n, classes: c)], tolerance: 1e-6, "loss")
        CrossEntropyOp.backward(probs: probs.pointer, targets: targets, dlogits: dlogits.pointer, n: n, classes: c, scale: 0.25)
        assertClose(doubles(dlogits), NaiveOps.crossEntropyBackward(logits: logits, targets: targets, n: n, classes: c, scale: 0.25),
                    tolerance: tolerance, "dlogits")
    }
}
