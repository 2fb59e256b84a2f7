#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Thin names for libm so kernels don't depend on Foundation.
@inlinable @inline(__always) func Foundation_exp(_ x: Double) -> Double { exp(x) }
@inlinable @inline(__always) func expf_(_ x: Float) -> Float { expf(x) }
@inlinable @inline(__always) func erff_(_ x: Float) -> Float { erff(x) }
@inlinable @inline(__always) func sqrtf_(_ x: Float) -> Float { sqrtf(x) }
@inlinable @inline(__always) func Foundation_erfc(_ x: Double) -> Double { erfc(x) }
