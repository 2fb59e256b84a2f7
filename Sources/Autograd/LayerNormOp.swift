import Tensor

/// `torch.nn.LayerNorm` over the last dimension: biased variance, `eps` inside the square root.
public enum LayerNormOp {
    /// `y[r, :] = (x[r, :] − mean[r]) · rstd[r] · gamma + beta` for `rows` rows of `dim`; also saves
    /// `mean[rows]` and `rstd[rows] = 1 / sqrt(var + eps)` for `backward`.
    ///
    /// `y` comes from `LayerNormKernel`, the engine's kernel, so training and serving normalise
    /// identically. The saved statistics are summed in Double like that kernel's and rounded to
    /// Float as it rounds them, so they are the values it normalised with (up to the order of a
    /// Double sum). `y` may alias `x`; `mean` and `rstd` must not.
    public static func forward(x: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                               y: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
                               rows: Int, dim: Int, eps: Float) {
        guard rows > 0, dim > 0 else { return }
        // Statistics first: the kernel may overwrite x when y aliases it.
        for r in 0..<rows {
            let row = UnsafeBufferPointer(start: x + r * dim, count: dim)
            var sum = 0.0
            for v in row { sum += Double(v) }
            let m = sum / Double(dim)
            var sq = 0.0
            for v in row { let t = Double(v) - m; sq += t * t }
            mean[r] = Float(m)
            rstd[r] = Float(1 / (sq / Double(dim) + Double(eps)).squareRoot())
        }
        LayerNormKernel.forward(x, rows: rows, dim: dim, gamma: gamma, beta: beta, eps: eps, into: y)
    }

    /// Given `dy[rows, dim]` and the saved `mean`/`rstd`, accumulates
    /// `dx += rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂))` with `x̂ = (x − mean) · rstd`, `ĝ = dy ⊙ gamma`,
    /// `dgamma[dim] += Σᵣ dy ⊙ x̂` and `dbeta[dim] += Σᵣ dy`. `x` is the forward's input (not `y`).
    /// A `nil` gradient is not computed; gradients must not alias `dy` or `x`.
    public static func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
                                mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>, rows: Int, dim: Int,
                                dx: UnsafeMutablePointer<Float>?, dgamma: UnsafeMutablePointer<Float>?, dbeta: UnsafeMutablePointer<Float>?) {
        guard rows > 0, dim > 0 else { return }
        let g = UnsafeBufferPointer(start: gamma, count: dim)
        for r in 0..<rows {
            let xr = UnsafeBufferPointer(start: x + r * dim, count: dim)
            let dyr = UnsafeBufferPointer(start: dy + r * dim, count: dim)
            let m = mean[r], s = rstd[r]
            if let dgamma {
                let acc = UnsafeMutableBufferPointer(start: dgamma, count: dim)
                for j in acc.indices { acc[j] += dyr[j] * ((xr[j] - m) * s) }
            }
            if let dbeta {
                let acc = UnsafeMutableBufferPointer(start: dbeta, count: dim)
                for j in acc.indices { acc[j] += dyr[j] }
            }
            guard let dx else { continue }
            // The two row means in Double: they are differences of similar sums at width 768+.
            var sumG = 0.0, sumGX = 0.0
            for j in 0..<dim {
                let gj = dyr[j] * g[j]
                sumG += Double(gj)
                sumGX += Double(gj) * Double((xr[j] - m) * s)
            }
            let meanG = Float(sumG / Double(dim)), meanGX = Float(sumGX / Double(dim))
            let out = UnsafeMutableBufferPointer(start: dx + r * dim, count: dim)
            for j in out.indices {
                let xhat = (xr[j] - m) * s
                out[j] += s * (dyr[j] * g[j] - meanG - xhat * meanGX)
            }
        }
    }
}
