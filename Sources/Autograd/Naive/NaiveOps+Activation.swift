import Tensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NaiveOps {
    /// quick_gelu `x · σ(1.702 x)` or exact gelu `0.5 x erfc(−x/√2)`, element-wise in Double.
    public static func activation(_ kind: Activation, x: [Double]) -> [Double] {
        x.map { v in
            switch kind {
            case .quickGELU: return v / (1 + exp(-1.702 * v))
            case .gelu: return 0.5 * v * erfc(-v / 2.0.squareRoot())
            }
        }
    }

    /// `dy ⊙ act′(x)`: quick_gelu `σ(1.702x) + 1.702 x σ(1−σ)`, gelu `Φ(x) + x φ(x)`.
    public static func activationBackward(_ kind: Activation, dy: [Double], x: [Double]) -> [Double] {
        zip(dy, x).map { g, v in
            switch kind {
            case .quickGELU:
                let s = 1 / (1 + exp(-1.702 * v))
                return g * (s + 1.702 * v * s * (1 - s))
            case .gelu:
                let cdf = 0.5 * erfc(-v / 2.0.squareRoot())
                let pdf = exp(-0.5 * v * v) / (2 * Double.pi).squareRoot()
                return g * (cdf + v * pdf)
            }
        }
    }
}
