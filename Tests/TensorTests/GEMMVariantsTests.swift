import XCTest
@testable import Tensor

/// Every GEMM path (our packed kernel packing per call, with a weight packed once, on 1 and 2
/// threads, and OpenBLAS) against the naive Double-accumulating linear, on shapes that hit every
/// tile edge: M not a multiple of 6, N not a multiple of 16, K not a multiple of 8 or of the
/// 256-deep K block, and thin strips (1-3 rows) whose packed rows of x are shorter than a vector.
final class GEMMVariantsTests: XCTestCase {
    private var rng = SplitMix(seed: 7)
    private let shapes: [(m: Int, k: Int, n: Int)] = [
        (1, 1, 1), (7, 13, 5), (6, 16, 16), (13, 257, 33), (50, 96, 100), (12, 512, 47), (401, 300, 18), (5, 0, 9),
        (1, 20, 16), (2, 17, 40), (3, 265, 33), (97, 523, 70),
    ]

    override func tearDown() {
        GEMMBackend.set(GEMMBackend.automatic)
        GEMMBackend.threads = 2
    }

    private func random(_ n: Int) -> [Float] { (0..<n).map { _ in rng.normal() } }

    private func assertClose(_ a: [Float], _ b: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        var worst: Float = 0, at = 0
        for i in 0..<a.count where abs(a[i] - b[i]) > worst { worst = abs(a[i] - b[i]); at = i }
        // float32 sums of up to 512 unit-variance products: error grows like √K · ulp(|sum|).
        XCTAssertLessThanOrEqual(worst, 2e-4, "\(what): max |diff| \(worst) at \(at)", file: file, line: line)
    }

    func testEveryBackendAndThreadCountMatchesNaive() {
        for backend in GEMMBackend.allCases {
            for threads in [1, 2] {
                GEMMBackend.set(backend)
                GEMMBackend.threads = threads
                for (m, k, n) in shapes {
                    let x = random(m * k), w = random(n * k), b = random(n)
                    let expect = NaiveKernels.linear(x, rows: m, inFeatures: k, weight: w, bias: b, outFeatures: n)
                    var y = [Float](repeating: .nan, count: m * n)
                    GEMM.linear(x, rows: m, inFeatures: k, weight: w, bias: b, outFeatures: n, into: &y)
                    assertClose(y, expect, "\(backend) \(threads)t \(m)x\(k)x\(n)")
                    var acc = [Float](repeating: 1, count: m * n)
                    GEMM.linear(x, rows: m, inFeatures: k, weight: w, bias: b, outFeatures: n, into: &acc, accumulate: true)
                    assertClose(acc, expect.map { $0 + 1 }, "\(backend) \(threads)t accumulate \(m)x\(k)x\(n)")
                }
            }
        }
    }

    func testPrepackedWeightMatchesNaiveWithStridesAndNoBias() {
        for threads in [1, 2] {
            GEMMBackend.threads = threads
            for (m, k, n) in shapes {
                let ldx = k + 3, ldy = n + 5
                let x = random(m * ldx), w = random(n * k)
                let packed = w.withUnsafeBufferPointer { GEMM.PackedWeight($0.baseAddress!, outFeatures: n, inFeatures: k) }
                var y = [Float](repeating: 42, count: m * ldy)
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer { yp in
                        GEMM.linear(xp.baseAddress!, rows: m, packed: packed, bias: nil, into: yp.baseAddress!, ldx: ldx, ldy: ldy)
                    }
                }
                let dense = (0..<m).flatMap { r in x[(r * ldx)..<(r * ldx + k)] }
                let expect = NaiveKernels.linear(dense, rows: m, inFeatures: k, weight: w, bias: nil, outFeatures: n)
                let got = (0..<m).flatMap { r in y[(r * ldy)..<(r * ldy + n)] }
                assertClose(got, expect, "prepacked \(threads)t \(m)x\(k)x\(n)")
                // Padding columns between rows are left alone.
                for r in 0..<m { for j in n..<ldy { XCTAssertEqual(y[r * ldy + j], 42) } }
            }
        }
    }

    /// x, bias and y each end at an inaccessible page: a tile that handles a partial panel or a
    /// partial strip as a whole one (reading 16 biases where 4 remain, storing past the last
    /// row) faults here. The values checks above cannot see such a store when a later tile
    /// overwrites it, and did not (a work-splitting change did exactly that; only the heap
    /// allocator noticed, tests later).
    func testNoKernelTouchesMemoryPastItsBuffers() {
        for (m, k, n) in shapes where m * k > 0 {
            let w = random(n * k)
            let packed = w.withUnsafeBufferPointer { GEMM.PackedWeight($0.baseAddress!, outFeatures: n, inFeatures: k) }
            let x = GuardedFloats(random(m * k)), bias = GuardedFloats(random(n))
            let expect = NaiveKernels.linear(x.array, rows: m, inFeatures: k, weight: w, bias: bias.array, outFeatures: n)
            for threads in [1, 2, 3] {
                GEMMBackend.threads = threads
                for activation in [nil, Activation.gelu] {
                    let y = GuardedFloats([Float](repeating: .nan, count: m * n))
                    GEMM.linear(x.pointer, rows: m, packed: packed, bias: bias.pointer, into: y.pointer, activation: activation)
                    if activation == nil { assertClose(y.array, expect, "guarded \(threads)t \(m)x\(k)x\(n)") }
                }
                for backend in GEMMBackend.allCases {
                    GEMMBackend.set(backend)
                    let y = GuardedFloats([Float](repeating: .nan, count: m * n))
                    w.withUnsafeBufferPointer { wp in
                        GEMM.linear(x.pointer, rows: m, inFeatures: k, weight: wp.baseAddress!, bias: bias.pointer, outFeatures: n, into: y.pointer)
                    }
                    assertClose(y.array, expect, "guarded \(backend) \(threads)t \(m)x\(k)x\(n)")
                }
                GEMMBackend.set(GEMMBackend.automatic)
            }
        }
    }

    /// Bitwise, not within a tolerance: each output element must be summed by one thread in one
    /// order however the work is split, including the tail units of one panel × one M block
    /// (the 401-row shape has five M blocks).
    func testResultDoesNotDependOnThreadCount() {
        GEMMBackend.set(.packedAVX2)
        for (m, k, n) in [(50, 768, 768), (401, 300, 200), (96, 520, 33)] {
            let x = random(m * k), w = random(n * k), b = random(n)
            var results: [[Float]] = []
            for threads in [1, 2, 3] {
                GEMMBackend.threads = threads
                var y = [Float](repeating: 0, count: m * n)
                GEMM.linear(x, rows: m, inFeatures: k, weight: w, bias: b, outFeatures: n, into: &y)
                results.append(y)
            }
            XCTAssertEqual(results[0], results[1], "\(m)x\(k)x\(n): 1 vs 2 threads")
            XCTAssertEqual(results[0], results[2], "\(m)x\(k)x\(n): 1 vs 3 threads")
        }
    }
}
