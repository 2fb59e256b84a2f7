extension NaiveOps {
    /// `y = x / max(‖x‖₂, 1e-12)` per row.
    public static func l2Normalize(x: [Double], rows: Int, dim: Int) -> [Double] {
        var y = x
        for r in 0..<rows {
            let n = max(norm(x, r, dim), 1e-12)
            for j in 0..<dim { y[r * dim + j] = x[r * dim + j] / n }
        }
        return y
    }

    /// `dx` of `l2Normalize` through the Jacobian `∂yₖ/∂xⱼ = (δₖⱼ − yₖ yⱼ) / ‖x‖` (`δₖⱼ / 1e-12`
    /// below the floor).
    public static func l2NormalizeBackward(dy: [Double], x: [Double], rows: Int, dim: Int) -> [Double] {
        var dx = [Double](repeating: 0, count: rows * dim)
        for r in 0..<rows {
            let n = norm(x, r, dim), floored = n <= 1e-12
            for j in 0..<dim {
                for k in 0..<dim {
                    let yk = x[r * dim + k] / n, yj = x[r * dim + j] / n
                    let jac = floored ? (k == j ? 1e12 : 0) : ((k == j ? 1 : 0) - yk * yj) / n
                    dx[r * dim + j] += dy[r * dim + k] * jac
                }
            }
        }
        return dx
    }

    private static func norm(_ x: [Double], _ r: Int, _ dim: Int) -> Double {
        x[(r * dim)..<((r + 1) * dim)].reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}
