import CKernels
import Tensor

/// The element-wise activations of the CLIP MLPs (`quick_gelu` or `gelu`) and the fusion FFN
/// (`gelu`). `x` is always the pre-activation.
public enum ActivationOp {
    /// `y[count] = act(x)` with the engine's vector kernel (`Activation.apply`), so training sees
    /// the activations serving computes. `y` may alias `x`.
    public static func forward(_ kind: Activation, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        if UnsafePointer(y) != x { y.update(from: x, count: count) }
        kind.apply(y, count: count)
    }

    /// Accumulates `dx[count] += dy ⊙ act′(x)`:
    /// - quick_gelu: `act′ = s + 1.702 · x · s · (1 − s)`, `s = σ(1.702 x)`;
    /// - gelu: `act′ = Φ(x) + x · φ(x)` (standard normal cdf and density).
    ///
    /// The exponentials and Φ come from the vectorised CKernels code, a chunk at a time, instead
    /// of scalar libm calls per element: this runs over every MLP hidden unit of every layer.
    /// `dx` must not alias `dy` or `x`.
    public static func backward(_ kind: Activation, dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
                                dx: UnsafeMutablePointer<Float>, count: Int) {
        let chunk = 1024
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * chunk) { scratch in
            let a = scratch.baseAddress!, e = a + chunk
            var start = 0
            while start < count {
                let n = min(chunk, count - start)
                let xs = UnsafeBufferPointer(start: x + start, count: n)
                let g = UnsafeBufferPointer(start: dy + start, count: n)
                let out = UnsafeMutableBufferPointer(start: dx + start, count: n)
                switch kind {
                case .quickGELU:
                    for i in 0..<n { e[i] = -1.702 * xs[i] }
                    ckernels_exp(e, e, n)
                    for i in 0..<n {
                        let s = 1 / (1 + e[i])
                        out[i] += g[i] * (s + 1.702 * xs[i] * s * (1 - s))
                    }
                case .gelu:
                    // Φ(x) = gelu(x) / x, read off the forward kernel (a few ulp even deep in the
                    // negative tail); near 0, where that quotient loses its digits, Φ's Taylor
                    // series 0.5 + x/√(2π) is exact to float precision (next term x³/15 < 1e-10).
                    a.update(from: xs.baseAddress!, count: n)
                    Activation.gelu.apply(a, count: n)
                    for i in 0..<n { e[i] = -0.5 * xs[i] * xs[i] }
                    ckernels_exp(e, e, n)
                    let invSqrt2Pi: Float = 0.398942280401432678
                    for i in 0..<n {
                        let v = xs[i]
                        let cdf = abs(v) < 1e-3 ? 0.5 + v * invSqrt2Pi : a[i] / v
                        out[i] += g[i] * (cdf + v * e[i] * invSqrt2Pi)
                    }
                }
                start += n
            }
        }
    }
}
