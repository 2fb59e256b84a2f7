/// Numerically stable row-wise softmax.
public enum SoftmaxKernel {
    /// Softmax over the first `valid(r)` columns of each row in place; the remaining columns of the
    /// row are set to 0 (masked keys: causal positions, padding).
    @inlinable
    public static func forward(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, ld: Int, valid: (Int) -> Int) {
        for r in 0..<rows {
            let row = x + r * ld
            let n = min(cols, valid(r))
            guard n > 0 else { row.update(repeating: 0, count: cols); continue }
            var m = row[0]
            for j in 1..<n where row[j] > m { m = row[j] }
            var s: Float = 0
            for j in 0..<n { let e = expf_(row[j] - m); row[j] = e; s += e }
            let inv = 1 / s
            for j in 0..<n { row[j] *= inv }
            if n < cols { (row + n).update(repeating: 0, count: cols - n) }
        }
    }
}
