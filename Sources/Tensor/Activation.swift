/// Element-wise activations of the CLIP MLPs and the ConText fusion FFN.
public enum Activation: String, Sendable, Codable {
    /// `x · σ(1.702 x)` (OpenAI CLIP's `quick_gelu`).
    case quickGELU = "quick_gelu"
    /// Exact erf GELU, `0.5 x (1 + erf(x / √2))` (`gelu`).
    case gelu = "gelu"

    /// Applies the activation in place to `count` floats.
    @inlinable
    public func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .quickGELU:
            for i in 0..<count { let v = x[i]; x[i] = v * (1 / (1 + expf_(-1.702 * v))) }
        case .gelu:
            let invSqrt2: Float = 0.70710678118654752440
            for i in 0..<count { let v = x[i]; x[i] = 0.5 * v * (1 + erff_(v * invSqrt2)) }
        }
    }
}
