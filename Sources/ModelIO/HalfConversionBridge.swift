import Tensor

/// Routes storage-type conversion to the Tensor layer's kernels.
enum HalfConversionBridge {
    static func f32(_ s: UnsafeRawPointer, _ n: Int, _ d: UnsafeMutablePointer<Float>) { HalfConversion.f32(s, count: n, into: d) }
    static func f16(_ s: UnsafeRawPointer, _ n: Int, _ d: UnsafeMutablePointer<Float>) { HalfConversion.f16ToF32(s, count: n, into: d) }
    static func bf16(_ s: UnsafeRawPointer, _ n: Int, _ d: UnsafeMutablePointer<Float>) { HalfConversion.bf16ToF32(s, count: n, into: d) }
}
