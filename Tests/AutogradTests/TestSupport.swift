#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensor
import XCTest

/// Deterministic random numbers (SplitMix64), so a failure reproduces.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// `n` normal values times `scale` plus `offset`, rounded to Float so the Float ops and the
    /// Double twins see exactly the same inputs.
    mutating func values(_ n: Int, scale: Double = 1, offset: Double = 0) -> [Double] {
        (0..<n).map { _ in Double(Float(normal() * scale + offset)) }
    }
}

/// Base of the tests that run the fast ops. Buffers made through `floats` and `zeros` live until
/// the test ends: a pointer read from a buffer does not keep it alive, and an input freed before
/// the op reads it would make the test flaky, not wrong.
class OpTestCase: XCTestCase {
    private var retained: [FloatBuffer] = []

    /// A Float copy of `values` for the fast ops.
    func floats(_ values: [Double]) -> FloatBuffer {
        let b = FloatBuffer(values.map { Float($0) })
        retained.append(b)
        return b
    }

    /// `count` zeros (a fresh gradient or output).
    func zeros(count: Int) -> FloatBuffer {
        let b = FloatBuffer(count: count)
        retained.append(b)
        return b
    }

    override func tearDown() {
        retained.removeAll()
        super.tearDown()
    }
}

/// The contents of `buffer` as Doubles.
func doubles(_ buffer: FloatBuffer) -> [Double] { buffer.array.map(Double.init) }

func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// Central differences `(f(x + h eᵢ) − f(x − h eᵢ)) / 2h` for every coordinate of `x`.
func numericGradient(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    var probe = x
    return x.indices.map { i in
        probe[i] = x[i] + h
        let up = f(probe)
        probe[i] = x[i] - h
        let down = f(probe)
        probe[i] = x[i]
        return (up - down) / (2 * h)
    }
}

/// `AUTOGRAD_TEST_VERBOSE=1` prints every comparison's error, to see how much room a tolerance leaves.
let verbose = getenv("AUTOGRAD_TEST_VERBOSE") != nil

/// Asserts `‖actual − expected‖∞ ≤ tolerance · max(‖expected‖∞, floor)` (a norm-wise relative
/// error: element-wise relative errors are meaningless for entries that cancel to ~0), and
/// reports the worst element on failure.
func assertClose(_ actual: [Double], _ expected: [Double], tolerance: Double, floor: Double = 1e-12, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(what): element count", file: file, line: line)
    guard actual.count == expected.count, !expected.isEmpty else { return }
    var worst = 0.0, at = 0
    for i in actual.indices where !(abs(actual[i] - expected[i]) <= worst) { worst = abs(actual[i] - expected[i]); at = i }
    let scale = max(expected.map(abs).max() ?? 0, floor)
    if verbose { print("[autograd] \(what): relative error \(worst / scale) (tolerance \(tolerance))") }
    XCTAssertLessThanOrEqual(worst / scale, tolerance,
                             "\(what): max |diff| \(worst) at [\(at)] (\(actual[at]) vs \(expected[at])), relative to max |expected| \(scale)",
                             file: file, line: line)
}
