import ModelIO
import Tensor

/// `nn.Linear`: `y = x Wᵀ + b`, weight `[out, in]` as PyTorch stores it.
public struct Linear: Sendable {
    public let weight: FloatBuffer      // [out, in]
    public let bias: FloatBuffer?       // [out]
    public let inFeatures: Int
    public let outFeatures: Int

    public init(weight: FloatBuffer, bias: FloatBuffer?, inFeatures: Int, outFeatures: Int) {
        precondition(weight.count == inFeatures * outFeatures && (bias?.count ?? outFeatures) == outFeatures)
        self.weight = weight; self.bias = bias; self.inFeatures = inFeatures; self.outFeatures = outFeatures
    }

    /// Loads `prefix.weight` (and `prefix.bias` unless `bias` is false).
    public static func load(_ store: WeightStore, _ prefix: String, in i: Int, out o: Int, bias: Bool = true) throws(ModelLoadError) -> Linear {
        let w = try store.load(prefix + ".weight", shape: [o, i])
        let b = bias ? try store.load(prefix + ".bias", shape: [o]) : nil
        return Linear(weight: w, bias: b, inFeatures: i, outFeatures: o)
    }

    /// Stacks linears that read the same input into one (`[Σout, in]`), so Q, K and V cost one
    /// matrix product. `scales` multiplies each part's weight and bias (folding attention's
    /// `head_dim^-½` into the query projection, as HF CLIP scales the projected queries).
    public static func stacked(_ parts: [Linear], scales: [Float]? = nil) -> Linear {
        let inF = parts[0].inFeatures
        let outF = parts.reduce(0) { $0 + $1.outFeatures }
        let w = FloatBuffer(count: outF * inF), b = FloatBuffer(count: outF)
        var row = 0
        for (n, p) in parts.enumerated() {
            precondition(p.inFeatures == inF)
            let s = scales?[n] ?? 1
            for i in 0..<(p.outFeatures * inF) { w.pointer[row * inF + i] = p.weight.pointer[i] * s }
            for j in 0..<p.outFeatures { b.pointer[row + j] = (p.bias?.pointer[j] ?? 0) * s }
            row += p.outFeatures
        }
        return Linear(weight: w, bias: b, inFeatures: inF, outFeatures: outF)
    }

    /// `y[rows, out] = x[rows, in] Wᵀ + b`; `accumulate` adds to `y` instead (residuals).
    @inlinable
    public func callAsFunction(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        GEMM.linear(x, rows: rows, inFeatures: inFeatures, weight: weight.pointer, bias: bias.map { UnsafePointer($0.pointer) },
                    outFeatures: outFeatures, into: y, accumulate: accumulate)
    }
}
