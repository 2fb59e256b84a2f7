import XCTest
@testable import Tensor

/// Every fast kernel against its naive Double-accumulating twin, on odd shapes.
final class KernelTests: XCTestCase {
    private var rng = SplitMix(seed: 42)

    private func random(_ n: Int, scale: Float = 1) -> [Float] { (0..<n).map { _ in rng.normal() * scale } }

    private func assertClose(_ a: [Float], _ b: [Float], tol: Float, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        var worst: Float = 0, at = 0
        for i in 0..<min(a.count, b.count) where abs(a[i] - b[i]) > worst { worst = abs(a[i] - b[i]); at = i }
        XCTAssertLessThanOrEqual(worst, tol, "\(what): max |diff| \(worst) at \(at) (\(a[at]) vs \(b[at]))", file: file, line: line)
    }

    func testLinearMatchesNaive() {
        for (m, k, n) in [(1, 1, 1), (7, 13, 5), (50, 64, 96), (3, 200, 17)] {
            let x = random(m * k), w = random(n * k), b = random(n)
            var y = [Float](repeating: 0, count: m * n)
            GEMM.linear(x, rows: m, inFeatures: k, weight: w, bias: b, outFeatures: n, into: &y)
            assertClose(y, NaiveKernels.linear(x, rows: m, inFeatures: k, weight: w, bias: b, outFeatures: n), tol: 1e-4, "linear \(m)x\(k)x\(n)")
            // accumulate adds x·wᵀ + b onto what is there (residual connections)
            var acc = [Float](repeating: 1, count: m * n)
            GEMM.linear(x, rows: m, inFeatures: k, weight: w, bias: b, outFeatures: n, into: &acc, accumulate: true)
            assertClose(acc, y.map { $0 + 1 }, tol: 1e-4, "accumulate")
        }
    }

    func testLayerNormMatchesNaive() {
        // 37: vector body and scalar tail; 768: the model's width, with a large common offset.
        for (rows, dim, offset) in [(5, 37, Float(2)), (50, 768, 40)] {
            let x = random(rows * dim, scale: 3).map { $0 + offset }, g = random(dim), b = random(dim)
            var y = [Float](repeating: 0, count: rows * dim)
            LayerNormKernel.forward(x, rows: rows, dim: dim, gamma: g, beta: b, eps: 1e-5, into: &y)
            assertClose(y, NaiveKernels.layerNorm(x, rows: rows, dim: dim, gamma: g, beta: b, eps: 1e-5), tol: 1e-5, "layernorm \(dim)")
            // In place gives the same.
            var z = x
            z.withUnsafeMutableBufferPointer { LayerNormKernel.forward($0.baseAddress!, rows: rows, dim: dim, gamma: g, beta: b, eps: 1e-5, into: $0.baseAddress!) }
            XCTAssertEqual(z, y, "in place \(dim)")
        }
    }

    func testSoftmaxRowsSumToOneAndMasksTail() {
        var x = random(4 * 6, scale: 5)
        let expect = NaiveKernels.softmax(x, rows: 4, cols: 6)
        x.withUnsafeMutableBufferPointer { SoftmaxKernel.forward($0.baseAddress!, rows: 4, cols: 6, ld: 6) { _ in 6 } }
        assertClose(x, expect, tol: 1e-6, "softmax")
        var y = random(2 * 5)
        y.withUnsafeMutableBufferPointer { SoftmaxKernel.forward($0.baseAddress!, rows: 2, cols: 5, ld: 5) { _ in 3 } }
        XCTAssertEqual(y[3], 0); XCTAssertEqual(y[4], 0); XCTAssertEqual(y[8], 0)
        XCTAssertEqual(y[0] + y[1] + y[2], 1, accuracy: 1e-6)
    }

    func testAttentionMatchesNaive() {
        // The last two copy each head's values before reading them (tq · tk ≥ 1024), with a key
        // count and head width off the 8-wide blocks; the last needs more than the stack buffer.
        for (tq, tk, heads, hd, causal) in [(5, 5, 2, 4, true), (9, 4, 3, 8, false), (1, 11, 4, 2, false), (17, 17, 4, 12, true),
                                            (40, 37, 3, 12, true), (33, 130, 2, 72, false)] {
            let d = heads * hd
            let q = random(tq * d), k = random(tk * d), v = random(tk * d)
            var out = [Float](repeating: 0, count: tq * d)
            AttentionKernel.forward(q: q, ldq: d, k: k, ldk: d, v: v, ldv: d, tq: tq, tk: tk, heads: heads, headDim: hd,
                                    scale: 1 / Float(hd).squareRoot(), causal: causal, out: &out, ldo: d)
            let expect = NaiveKernels.attention(q: q, k: k, v: v, tq: tq, tk: tk, heads: heads, headDim: hd, causal: causal)
            assertClose(out, expect, tol: 1e-5, "attention tq=\(tq) tk=\(tk) causal=\(causal)")
        }
    }

    func testAttentionOnModelShapesAnyThreadCountMatchesNaive() {
        // Vision self-attention (12 heads × 64) and the head's cross-attention (8 × 96, 12 text
        // keys): big enough to be split across the pool.
        for (tq, tk, heads, hd) in [(50, 50, 12, 64), (50, 12, 8, 96)] {
            let d = heads * hd
            let q = random(tq * d), k = random(tk * d), v = random(tk * d)
            let expect = NaiveKernels.attention(q: q, k: k, v: v, tq: tq, tk: tk, heads: heads, headDim: hd, causal: false)
            var results: [[Float]] = []
            for threads in [1, 2] {
                GEMMBackend.threads = threads
                var out = [Float](repeating: 0, count: tq * d), probs = [Float](repeating: .nan, count: heads * tq * tk)
                AttentionKernel.forward(q: q, ldq: d, k: k, ldk: d, v: v, ldv: d, tq: tq, tk: tk, heads: heads, headDim: hd,
                                        scale: 1 / Float(hd).squareRoot(), causal: false, out: &out, ldo: d, probs: &probs)
                assertClose(out, expect, tol: 1e-5, "attention \(tq)x\(tk) h\(heads) \(threads)t")
                for r in 0..<(heads * tq) {
                    XCTAssertEqual(probs[(r * tk)..<((r + 1) * tk)].reduce(0, +), 1, accuracy: 1e-5, "probs row \(r)")
                }
                results.append(out)
            }
            XCTAssertEqual(results[0], results[1], "thread count changed the result")
        }
        GEMMBackend.threads = 2
    }

    func testMaskedKeysAreIgnored() {
        // Keys past validKeys must not change the result: padding is exactly invisible.
        let tq = 3, heads = 2, hd = 4, d = heads * hd
        let q = random(tq * d), k = random(6 * d), v = random(6 * d)
        var a = [Float](repeating: 0, count: tq * d), b = a
        AttentionKernel.forward(q: q, ldq: d, k: k, ldk: d, v: v, ldv: d, tq: tq, tk: 6, heads: heads, headDim: hd, scale: 0.5,
                                causal: false, validKeys: 4, out: &a, ldo: d)
        AttentionKernel.forward(q: q, ldq: d, k: k, ldk: d, v: v, ldv: d, tq: tq, tk: 4, heads: heads, headDim: hd, scale: 0.5,
                                causal: false, out: &b, ldo: d)
        assertClose(a, b, tol: 0, "masked keys")
    }

    func testActivations() {
        var x: [Float] = [-3, -1, 0, 0.5, 2]
        Activation.gelu.apply(&x, count: 5)
        let gelu: [Double] = [-3, -1, 0, 0.5, 2].map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }
        assertClose(x, gelu.map(Float.init), tol: 1e-6, "gelu")
        var y: [Float] = [-3, -1, 0, 0.5, 2]
        Activation.quickGELU.apply(&y, count: 5)
        let qg: [Double] = [-3, -1, 0, 0.5, 2].map { $0 / (1 + exp(-1.702 * $0)) }
        assertClose(y, qg.map(Float.init), tol: 1e-6, "quick_gelu")
    }

    func testHalfConversionsRoundTrip() {
        let values: [Float] = [0, -0.0, 1, -2.5, 65504, 6.1035156e-05, 5.9604645e-08, 0.1, .infinity]
        for v in values {
            var bits = HalfConversion.f32ToF16Bits(v)
            var back: Float = 0
            withUnsafeBytes(of: &bits) { HalfConversion.f16ToF32($0.baseAddress!, count: 1, into: &back) }
            XCTAssertEqual(back, Float(Float16(v)), "f16 \(v)")
            var b16 = HalfConversion.f32ToBF16Bits(v)
            withUnsafeBytes(of: &b16) { HalfConversion.bf16ToF32($0.baseAddress!, count: 1, into: &back) }
            XCTAssertEqual(back, v == 0.1 ? 0.10009765625 : v == 65504 ? 65536 : v, "bf16 \(v)")
        }
        // BF16 rounds to nearest even: 1 + 2^-8 is a tie between 1 and 1 + 2^-7.
        XCTAssertEqual(HalfConversion.f32ToBF16Bits(1 + 1.0 / 256), 0x3F80)
        XCTAssertEqual(HalfConversion.f32ToBF16Bits(1 + 3.0 / 256), 0x3F82)
    }

    func testL2Normalize() {
        let v = VectorOps.l2Normalized([3, 4])
        XCTAssertEqual(v[0], 0.6, accuracy: 1e-7); XCTAssertEqual(v[1], 0.8, accuracy: 1e-7)
        XCTAssertEqual(VectorOps.l2Normalized([0, 0]), [0, 0])
    }
}

/// Deterministic generator so failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 24) }
    mutating func normal() -> Float {
        let u1 = max(uniform(), 1e-7), u2 = uniform()
        return (-2 * logf(u1)).squareRoot() * cosf(2 * .pi * u2)
    }
}
