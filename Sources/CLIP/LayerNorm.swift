import ModelIO
import Tensor

/// `nn.LayerNorm` over the last dimension.
public struct LayerNorm: Sendable {
    public let weight: FloatBuffer   // [D]
    public let bias: FloatBuffer     // [D]
    public let eps: Float
    public var dim: Int { weight.count }

    public init(weight: FloatBuffer, bias: FloatBuffer, eps: Float) { self.weight = weight; self.bias = bias; self.eps = eps }

    public static func load(_ store: WeightStore, _ prefix: String, dim: Int, eps: Float) throws(ModelLoadError) -> LayerNorm {
        LayerNorm(weight: try store.load(prefix + ".weight", shape: [dim]), bias: try store.load(prefix + ".bias", shape: [dim]), eps: eps)
    }

    /// `y[rows, D] = LN(x[rows, D])`; `x` and `y` may alias.
    @inlinable
    public func callAsFunction(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        LayerNormKernel.forward(x, rows: rows, dim: dim, gamma: weight.pointer, beta: bias.pointer, eps: eps, into: y)
    }
}
