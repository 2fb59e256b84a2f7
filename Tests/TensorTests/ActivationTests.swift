import CKernels
import XCTest
@testable import Tensor

/// The vector exp / quick-GELU / GELU (CKernels vmath.h) against Double twins and against the
/// libm float formulation the model ran before, over many inputs; and the GEMM epilogue's fused
/// activation against applying it afterwards.
final class ActivationTests: XCTestCase {
    /// Inputs: a dense sweep of the range activations see (pre-activations are O(1) to O(10)),
    /// random ones, and the edges (zeros, tiny, huge, infinities).
    private func inputs() -> [Float] {
        var xs: [Float] = stride(from: -20.0, through: 20.0, by: 1.0 / 1024).map { Float($0) }
        var rng = SplitMix(seed: 3)
        for _ in 0..<100_000 { xs.append(rng.normal() * 4) }
        xs += [0, -0.0, 1e-30, -1e-30, 1e-8, -1e-8, 50, -50, 100, -100, 1e10, -1e10, .infinity, -.infinity]
        return xs
    }

    /// ulp of the float nearest `v` (never below the smallest normal's).
    private func ulp(_ v: Double) -> Double { Double(Float(abs(v)).ulp.magnitude == 0 ? Float.leastNormalMagnitude : max(Float(abs(v)).ulp, Float.leastNormalMagnitude)) }

    func testVectorExpWithinTwoUlpOfExact() {
        // The whole range with normal results, and the subnormal tail down to 0.
        let xs = stride(from: -87.0, through: 88.7, by: 1.0 / 256).map { Float($0) }
        var y = [Float](repeating: 0, count: xs.count)
        ckernels_exp(xs, &y, xs.count)
        var worst = 0.0
        for (x, v) in zip(xs, y) { worst = max(worst, abs(Double(v) - Foundation_exp(Double(x))) / ulp(Foundation_exp(Double(x)))) }
        XCTAssertLessThanOrEqual(worst, 2, "vector exp: worst \(worst) ulp")
        var nan: [Float] = [.nan], out: [Float] = [0]
        ckernels_exp(nan, &out, 1)
        XCTAssertTrue(out[0].isNaN)
        for (x, want) in [(-Float.infinity, Float(0)), (.infinity, .infinity), (-104, 0), (89, .infinity), (88.72, expf(88.72)),
                          (-87.5, expf(-87.5)), (-100, expf(-100))] {
            nan[0] = x
            ckernels_exp(nan, &out, 1)
            // Subnormal results: within one subnormal step of libm's.
            XCTAssertEqual(out[0], want, accuracy: want.isInfinite ? 0 : max(want.ulp, Float.leastNonzeroMagnitude), "exp(\(x))")
        }
    }

    func testActivationsMatchDoubleAndLibm() {
        let xs = inputs()
        for a in [Activation.quickGELU, .gelu] {
            var fast = xs, libm = xs
            fast.withUnsafeMutableBufferPointer { a.apply($0.baseAddress!, count: xs.count) }
            libm.withUnsafeMutableBufferPointer { a.applyLibm($0.baseAddress!, count: xs.count) }
            var worstUlp = 0.0, libmUlp = 0.0, worstVsLibm: Float = 0, at: Float = 0
            for i in 0..<xs.count where xs[i].isFinite && abs(xs[i]) < 1e9 {
                let exact = NaiveKernels.activation(a, xs[i])
                // Relative to the exact value, floored at 1e-30 (values below that are 0 in practice).
                let e = abs(Double(fast[i]) - exact) / max(ulp(exact), ulp(1e-30))
                if e > worstUlp { worstUlp = e; at = xs[i] }
                libmUlp = max(libmUlp, abs(Double(libm[i]) - exact) / max(ulp(exact), ulp(1e-30)))
                worstVsLibm = max(worstVsLibm, abs(fast[i] - libm[i]) / max(1, abs(xs[i])))
            }
            // quick-GELU: exp (1 ulp), a division, a product. GELU: the erfc fit (1.2e-7 relative
            // with exact coefficients; float coefficients and t = 1/(1 + z/2) add a few ulp) and
            // exp. The libm formulation 0.5x(1 + erff) cancels for negative x: far worse in ulp.
            print("\(a): vector worst \(worstUlp) ulp from exact (at \(at)), libm formulation worst \(libmUlp) ulp")
            XCTAssertLessThanOrEqual(worstUlp, a == .quickGELU ? 3 : 8, "\(a): worst \(worstUlp) ulp from exact at \(at)")
            XCTAssertLessThanOrEqual(worstVsLibm, 3e-7, "\(a): worst |fast - libm| / max(1, |x|) \(worstVsLibm)")
            // Infinities and NaN behave as the libm formulation.
            var edge: [Float] = [.infinity, -.infinity, .nan], edgeLibm = edge
            edge.withUnsafeMutableBufferPointer { a.apply($0.baseAddress!, count: 3) }
            edgeLibm.withUnsafeMutableBufferPointer { a.applyLibm($0.baseAddress!, count: 3) }
            XCTAssertEqual(edge[0], edgeLibm[0], "\(a)(+inf)")
            XCTAssertEqual(edge[1].isNaN, edgeLibm[1].isNaN, "\(a)(-inf) NaN-ness")
            if !edge[1].isNaN { XCTAssertEqual(edge[1], edgeLibm[1], accuracy: 1e-30, "\(a)(-inf)") }
            XCTAssertTrue(edge[2].isNaN, "\(a)(nan)")
        }
    }

    func testTailElementsMatchVectorBody() {
        // Position in the buffer (vector body or tail) must not change a value.
        let xs: [Float] = (0..<13).map { Float($0) * 0.37 - 2 }
        for a in [Activation.quickGELU, .gelu] {
            var whole = xs
            whole.withUnsafeMutableBufferPointer { a.apply($0.baseAddress!, count: 13) }
            for i in 0..<13 {
                var one = [xs[i]]
                one.withUnsafeMutableBufferPointer { a.apply($0.baseAddress!, count: 1) }
                XCTAssertEqual(one[0], whole[i], "\(a) element \(i)")
            }
        }
    }

    func testFusedEpilogueEqualsActivationAfterwards() {
        var rng = SplitMix(seed: 11)
        for (m, k, n) in [(50, 768, 100), (7, 300, 33), (13, 513, 16), (1, 5, 3)] {
            let x = (0..<(m * k)).map { _ in rng.normal() }, w = (0..<(n * k)).map { _ in rng.normal() * 0.1 }
            let b = (0..<n).map { _ in rng.normal() }
            let packed = w.withUnsafeBufferPointer { GEMM.PackedWeight($0.baseAddress!, outFeatures: n, inFeatures: k) }
            for a in [Activation.quickGELU, .gelu] {
                for threads in [1, 2] {
                    GEMMBackend.threads = threads
                    var fused = [Float](repeating: 0, count: m * n), plain = fused
                    GEMM.linear(x, rows: m, packed: packed, bias: b, into: &fused, activation: a)
                    GEMM.linear(x, rows: m, packed: packed, bias: b, into: &plain)
                    plain.withUnsafeMutableBufferPointer { a.apply($0.baseAddress!, count: m * n) }
                    XCTAssertEqual(fused, plain, "\(a) \(m)x\(k)x\(n) \(threads)t")
                }
            }
        }
        GEMMBackend.threads = 2
    }

    func testPackedWeightUnpacksExactly() {
        var rng = SplitMix(seed: 5)
        for (n, k) in [(1, 1), (17, 9), (48, 300), (33, 257)] {
            let w = (0..<(n * k)).map { _ in rng.normal() }
            let packed = w.withUnsafeBufferPointer { GEMM.PackedWeight($0.baseAddress!, outFeatures: n, inFeatures: k) }
            XCTAssertEqual(packed.unpacked().array, w, "\(n)x\(k)")
        }
    }
}

private extension GEMM {
    static func linear(_ x: [Float], rows: Int, packed: PackedWeight, bias: [Float], into y: inout [Float], activation: Activation? = nil) {
        x.withUnsafeBufferPointer { xp in
            bias.withUnsafeBufferPointer { bp in
                y.withUnsafeMutableBufferPointer { yp in
                    linear(xp.baseAddress!, rows: rows, packed: packed, bias: bp.baseAddress!, into: yp.baseAddress!, activation: activation)
                }
            }
        }
    }
}
