import CKernels

/// Element-wise activations of the CLIP MLPs and the ConText fusion FFN.
public enum Activation: String, Sendable, Codable {
    /// `x · σ(1.702 x)` (OpenAI CLIP's `quick_gelu`).
    case quickGELU = "quick_gelu"
    /// Exact erf GELU, `0.5 x (1 + erf(x / √2))` (`gelu`).
    case gelu = "gelu"

    /// The kernel's code for it (CKernels `ckernels_activation`).
    @usableFromInline var code: Int32 {
        switch self {
        case .quickGELU: return 1
        case .gelu: return 2
        }
    }

    /// Applies the activation in place to `count` floats: AVX2 vector code (exp within ~1 ulp,
    /// GELU within a few ulp of the exact value; `NaiveKernels.activation` is its Double twin),
    /// the same code `GEMM.linear(..., activation:)` runs in its epilogue. libm on other CPUs.
    @inlinable
    public func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        ckernels_activation(x, count, code)
    }

    /// The scalar libm formulation (`expf`, `erff`) the previous releases ran: kept for tests.
    public func applyLibm(_ x: UnsafeMutablePointer<Float>, count: Int) {
        ckernels_activation_libm(x, count, code)
    }
}
