/// Small vector helpers used around the matrix products.
public enum VectorOps {
    /// `y[i] += x[i]` (residual connections).
    @inlinable
    public static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += x[i] }
    }

    /// Scales each of `rows` rows of `dim` to unit L2 norm in place (zero rows stay zero), as
    /// `torch.nn.functional.normalize` with its eps of 1e-12.
    @inlinable
    public static func l2NormalizeRows(_ x: UnsafeMutablePointer<Float>, rows: Int, dim: Int) {
        for r in 0..<rows {
            let row = x + r * dim
            var s = 0.0
            for j in 0..<dim { s += Double(row[j]) * Double(row[j]) }
            let inv = Float(1 / max(s.squareRoot(), 1e-12))
            for j in 0..<dim { row[j] *= inv }
        }
    }

    /// L2-normalised copy of `v`.
    public static func l2Normalized(_ v: [Float]) -> [Float] {
        var out = v
        out.withUnsafeMutableBufferPointer { l2NormalizeRows($0.baseAddress!, rows: 1, dim: v.count) }
        return out
    }
}
