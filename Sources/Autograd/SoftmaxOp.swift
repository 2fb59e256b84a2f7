import Tensor

/// Row-wise softmax with optional masking of each row's tail, as the engine's `SoftmaxKernel`.
public enum SoftmaxOp {
    /// `y[r, :valid] = softmax(x[r, :valid])` and `y[r, valid:] = 0` for `rows` rows of `cols`, with
    /// `valid = validCols ?? cols`. `y` may alias `x`.
    public static func forward(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, validCols: Int? = nil) {
        guard rows > 0, cols > 0 else { return }
        if UnsafePointer(y) != x { y.update(from: x, count: rows * cols) }
        let valid = min(validCols ?? cols, cols)
        SoftmaxKernel.forward(y, rows: rows, cols: cols, ld: cols) { _ in valid }
    }

    /// Accumulates `dx[r, :] += y ⊙ (dy − Σⱼ y dy)` from the forward's output `y`. Masked columns
    /// (y = 0) get no gradient. `dx` must not alias `dy` or `y`.
    public static func backward(dy: UnsafePointer<Float>, y: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let p = UnsafeBufferPointer(start: y + r * cols, count: cols)
            let g = UnsafeBufferPointer(start: dy + r * cols, count: cols)
            let out = UnsafeMutableBufferPointer(start: dx + r * cols, count: cols)
            var dot = 0.0
            for j in p.indices { dot += Double(p[j]) * Double(g[j]) }
            let d = Float(dot)
            for j in out.indices { out[j] += p[j] * (g[j] - d) }
        }
    }
}
