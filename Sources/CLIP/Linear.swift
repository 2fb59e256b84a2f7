import ModelIO
import Tensor

/// `nn.Linear`: `y = x Wᵀ + b`, weight `[out, in]` as PyTorch stores it.
///
/// The weight is held only in our GEMM kernel's panel layout, packed once at load (saves the
/// per-call packing, ~15% of an image embedding; docs/benchmarks.md). Holding the row-major copy
/// as well would double the model's ~720 MB; `weight` rebuilds it on demand instead.
public struct Linear: Sendable {
    /// The weight, packed for `GEMM.linear(_:rows:packed:...)`.
    public let packed: GEMM.PackedWeight
    public let bias: FloatBuffer?       // [out]
    public var inFeatures: Int { packed.inFeatures }
    public var outFeatures: Int { packed.outFeatures }

    /// A new row-major `[out, in]` copy of the weight (training, tests; not used on the hot path).
    public var weight: FloatBuffer { packed.unpacked() }

    /// Packs `weight` (`[out, in]`, row-major); the buffer is not retained.
    public init(weight: FloatBuffer, bias: FloatBuffer?, inFeatures: Int, outFeatures: Int) {
        precondition(weight.count == inFeatures * outFeatures && (bias?.count ?? outFeatures) == outFeatures)
        packed = GEMM.PackedWeight(weight.pointer, outFeatures: outFeatures, inFeatures: inFeatures)
        self.bias = bias
    }

    /// Loads `prefix.weight` (and `prefix.bias` unless `bias` is false).
    public static func load(_ store: WeightStore, _ prefix: String, in i: Int, out o: Int, bias: Bool = true) throws(ModelLoadError) -> Linear {
        try loadStacked(store, [prefix], in: i, outs: [o], bias: bias)
    }

    /// Loads several linears that read the same input as one stacked linear (`[Σout, in]`), so
    /// Q, K and V cost one matrix product; packs once. `scales` multiplies each part's weight and
    /// bias (folding attention's `head_dim^-½` into the query projection, as HF CLIP scales the
    /// projected queries).
    public static func loadStacked(_ store: WeightStore, _ prefixes: [String], in i: Int, outs: [Int], bias: Bool = true,
                                   scales: [Float]? = nil) throws(ModelLoadError) -> Linear {
        if prefixes.count == 1 && (scales?[0] ?? 1) == 1 {
            // One part: pack straight from the loaded tensor (no stacking copy; load time).
            let w = try store.load(prefixes[0] + ".weight", shape: [outs[0], i])
            let b = bias ? try store.load(prefixes[0] + ".bias", shape: [outs[0]]) : nil
            return Linear(weight: w, bias: b, inFeatures: i, outFeatures: outs[0])
        }
        let total = outs.reduce(0, +)
        let w = FloatBuffer(count: total * i)
        let b: FloatBuffer? = bias ? FloatBuffer(count: total) : nil
        var row = 0
        for (n, prefix) in prefixes.enumerated() {
            let o = outs[n], s = scales?[n] ?? 1
            let pw = try store.load(prefix + ".weight", shape: [o, i])
            if s == 1 { (w.pointer + row * i).update(from: pw.pointer, count: o * i) }
            else { for e in 0..<(o * i) { w.pointer[row * i + e] = pw.pointer[e] * s } }
            if let b {
                let pb = try store.load(prefix + ".bias", shape: [o])
                for j in 0..<o { b.pointer[row + j] = pb.pointer[j] * s }
            }
            row += o
        }
        return Linear(weight: w, bias: b, inFeatures: i, outFeatures: total)
    }

    /// Stacks linears that read the same input into one (`[Σout, in]`); see `loadStacked`.
    public static func stacked(_ parts: [Linear], scales: [Float]? = nil) -> Linear {
        let inF = parts[0].inFeatures
        let outF = parts.reduce(0) { $0 + $1.outFeatures }
        let w = FloatBuffer(count: outF * inF), b = FloatBuffer(count: outF)
        var row = 0
        for (n, p) in parts.enumerated() {
            precondition(p.inFeatures == inF)
            let s = scales?[n] ?? 1
            let pw = p.weight
            for i in 0..<(p.outFeatures * inF) { w.pointer[row * inF + i] = pw.pointer[i] * s }
            for j in 0..<p.outFeatures { b.pointer[row + j] = (p.bias?.pointer[j] ?? 0) * s }
            row += p.outFeatures
        }
        return Linear(weight: w, bias: b, inFeatures: inF, outFeatures: outF)
    }

    /// `y[rows, out] = x[rows, in] Wᵀ + b`; `accumulate` adds to `y` instead (residuals);
    /// `activation` is applied to the result inside the matrix product's epilogue.
    @inlinable
    public func callAsFunction(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>, accumulate: Bool = false,
                               activation: Activation? = nil) {
        GEMM.linear(x, rows: rows, packed: packed, bias: bias.map { UnsafePointer($0.pointer) }, into: y, accumulate: accumulate,
                    activation: activation)
    }
}
