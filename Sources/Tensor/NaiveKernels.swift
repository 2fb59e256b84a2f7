/// Obviously-correct, slow twins of the optimized kernels, accumulating in Double. Tests compare
/// the fast kernels against these; nothing in the serving path calls them.
public enum NaiveKernels {
    /// `y[M, N] = x[M, K] · w[N, K]ᵀ + bias[N]`.
    public static func linear(_ x: [Float], rows m: Int, inFeatures k: Int, weight w: [Float], bias: [Float]?, outFeatures n: Int) -> [Float] {
        var y = [Float](repeating: 0, count: m * n)
        for r in 0..<m {
            for j in 0..<n {
                var s = Double(bias?[j] ?? 0)
                for t in 0..<k { s += Double(x[r * k + t]) * Double(w[j * k + t]) }
                y[r * n + j] = Float(s)
            }
        }
        return y
    }

    /// Row-wise layer normalisation with biased variance, as `torch.nn.LayerNorm`.
    public static func layerNorm(_ x: [Float], rows: Int, dim: Int, gamma: [Float], beta: [Float], eps: Float) -> [Float] {
        var y = x
        for r in 0..<rows {
            var mean = 0.0, varSum = 0.0
            for j in 0..<dim { mean += Double(x[r * dim + j]) }
            mean /= Double(dim)
            for j in 0..<dim { let d = Double(x[r * dim + j]) - mean; varSum += d * d }
            let inv = 1 / (varSum / Double(dim) + Double(eps)).squareRoot()
            for j in 0..<dim { y[r * dim + j] = Float((Double(x[r * dim + j]) - mean) * inv * Double(gamma[j]) + Double(beta[j])) }
        }
        return y
    }

    /// Row-wise softmax.
    public static func softmax(_ x: [Float], rows: Int, cols: Int) -> [Float] {
        var y = x
        for r in 0..<rows {
            let row = x[(r * cols)..<((r + 1) * cols)].map(Double.init)
            let m = row.max() ?? 0
            let e = row.map { Foundation_exp($0 - m) }
            let s = e.reduce(0, +)
            for j in 0..<cols { y[r * cols + j] = Float(e[j] / s) }
        }
        return y
    }

    /// Multi-head attention over one sequence: q [Tq, H·hd], k and v [Tk, H·hd] → [Tq, H·hd].
    /// `causal` masks keys after the query position (requires Tq == Tk).
    public static func attention(q: [Float], k: [Float], v: [Float], tq: Int, tk: Int, heads: Int, headDim: Int, causal: Bool) -> [Float] {
        let d = heads * headDim
        var out = [Float](repeating: 0, count: tq * d)
        let scale = 1 / Double(headDim).squareRoot()
        for h in 0..<heads {
            for i in 0..<tq {
                var scores = [Double](repeating: -Double.infinity, count: tk)
                for j in 0..<tk where !(causal && j > i) {
                    var s = 0.0
                    for c in 0..<headDim { s += Double(q[i * d + h * headDim + c]) * Double(k[j * d + h * headDim + c]) }
                    scores[j] = s * scale
                }
                let m = scores.max() ?? 0
                let e = scores.map { $0 == -Double.infinity ? 0 : Foundation_exp($0 - m) }
                let sum = e.reduce(0, +)
                for c in 0..<headDim {
                    var acc = 0.0
                    for j in 0..<tk { acc += e[j] / sum * Double(v[j * d + h * headDim + c]) }
                    out[i * d + h * headDim + c] = Float(acc)
                }
            }
        }
        return out
    }
}

extension NaiveKernels {
    /// The activation of a float input evaluated in Double (libm's double exp and erfc), after
    /// the one float rounding every implementation makes, PyTorch's included: the argument
    /// `-1.702 · x`, resp. `x · (1/√2)`, is a float product. (That rounding alone moves results in
    /// the far tails by tens of ulp, so it is part of the definition, not of the error.)
    public static func activation(_ a: Activation, _ x: Float) -> Double {
        switch a {
        case .quickGELU: return Double(x) / (1 + Foundation_exp(Double(-1.702 * x)))
        case .gelu: return 0.5 * Double(x) * Foundation_erfc(-Double(x * Float(0.70710678118654752)))
        }
    }
}
