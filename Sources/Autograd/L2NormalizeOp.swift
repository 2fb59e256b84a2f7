import Tensor

/// Row-wise L2 normalisation, `torch.nn.functional.normalize(x, dim=-1)`: `y = x / max(‖x‖₂, 1e-12)`.
public enum L2NormalizeOp {
    /// The norm floor of `F.normalize`.
    public static let epsilon: Float = 1e-12

    /// `y[rows, dim]` = each row of `x` over its norm (floored at `epsilon`), by
    /// `VectorOps.l2NormalizeRows`, the engine's code; saves `norms[rows] = ‖x_r‖₂` (unfloored) for
    /// `backward`. `y` may alias `x`.
    public static func forward(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, norms: UnsafeMutablePointer<Float>, rows: Int, dim: Int) {
        guard rows > 0, dim > 0 else { return }
        for r in 0..<rows {
            var s = 0.0
            for v in UnsafeBufferPointer(start: x + r * dim, count: dim) { s += Double(v) * Double(v) }
            norms[r] = Float(s.squareRoot())
        }
        if UnsafePointer(y) != x { y.update(from: x, count: rows * dim) }
        VectorOps.l2NormalizeRows(y, rows: rows, dim: dim)
    }

    /// Accumulates `dx += (dy − y · (y·dy)) / ‖x‖` per row, from the forward's output `y` and
    /// `norms`; for a row whose norm is below the floor, `y = x / epsilon` is linear and
    /// `dx += dy / epsilon`. `dx` must not alias `dy` or `y`.
    public static func backward(dy: UnsafePointer<Float>, y: UnsafePointer<Float>, norms: UnsafePointer<Float>,
                                dx: UnsafeMutablePointer<Float>, rows: Int, dim: Int) {
        for r in 0..<rows {
            let yr = UnsafeBufferPointer(start: y + r * dim, count: dim)
            let g = UnsafeBufferPointer(start: dy + r * dim, count: dim)
            let out = UnsafeMutableBufferPointer(start: dx + r * dim, count: dim)
            let norm = norms[r]
            if norm > epsilon {
                var dot = 0.0
                for j in yr.indices { dot += Double(yr[j]) * Double(g[j]) }
                let d = Float(dot), inv = 1 / norm
                for j in out.indices { out[j] += (g[j] - yr[j] * d) * inv }
            } else {
                let inv = 1 / epsilon
                for j in out.indices { out[j] += g[j] * inv }
            }
        }
    }
}
