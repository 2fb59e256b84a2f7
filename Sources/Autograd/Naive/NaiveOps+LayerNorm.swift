extension NaiveOps {
    /// Row-wise `(x − mean) / sqrt(var + eps) · gamma + beta`, biased variance.
    public static func layerNorm(x: [Double], gamma: [Double], beta: [Double], rows: Int, dim: Int, eps: Double) -> [Double] {
        var y = x
        for r in 0..<rows {
            let (xhat, _) = normalizedRow(x, r, dim, eps)
            for j in 0..<dim { y[r * dim + j] = xhat[j] * gamma[j] + beta[j] }
        }
        return y
    }

    /// `(dx, dgamma, dbeta)` of `layerNorm` for `dy[rows, dim]`, through the Jacobian
    /// `∂x̂ₖ/∂xⱼ = rstd · (δₖⱼ − 1/D − x̂ₖ x̂ⱼ / D)` written out element by element.
    public static func layerNormBackward(dy: [Double], x: [Double], gamma: [Double], rows: Int, dim: Int, eps: Double)
        -> (dx: [Double], dgamma: [Double], dbeta: [Double]) {
        var dx = [Double](repeating: 0, count: rows * dim)
        var dgamma = [Double](repeating: 0, count: dim), dbeta = dgamma
        let d = Double(dim)
        for r in 0..<rows {
            let (xhat, rstd) = normalizedRow(x, r, dim, eps)
            for k in 0..<dim {
                let g = dy[r * dim + k]
                dgamma[k] += g * xhat[k]
                dbeta[k] += g
                for j in 0..<dim {
                    let jac = rstd * ((k == j ? 1 : 0) - 1 / d - xhat[k] * xhat[j] / d)
                    dx[r * dim + j] += g * gamma[k] * jac
                }
            }
        }
        return (dx, dgamma, dbeta)
    }

    private static func normalizedRow(_ x: [Double], _ r: Int, _ dim: Int, _ eps: Double) -> (xhat: [Double], rstd: Double) {
        let row = Array(x[(r * dim)..<((r + 1) * dim)])
        let mean = row.reduce(0, +) / Double(dim)
        let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(dim)
        let rstd = 1 / (variance + eps).squareRoot()
        return (row.map { ($0 - mean) * rstd }, rstd)
    }
}
