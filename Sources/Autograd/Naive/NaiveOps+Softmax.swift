#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NaiveOps {
    /// Softmax of one vector of scores (every entry visible).
    public static func softmax(_ s: [Double]) -> [Double] {
        let m = s.max() ?? 0
        let e = s.map { exp($0 - m) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// `dL/ds` for `dL/dp = dp`, `p = softmax(s)`, through the Jacobian `∂pₖ/∂sⱼ = pₖ(δₖⱼ − pⱼ)`.
    public static func softmaxBackward(dp: [Double], p: [Double]) -> [Double] {
        var ds = [Double](repeating: 0, count: p.count)
        for j in p.indices {
            for k in p.indices {
                let jac: Double = p[k] * ((k == j ? 1 : 0) - p[j])
                ds[j] += dp[k] * jac
            }
        }
        return ds
    }

    /// Row-wise softmax over the first `validCols` columns of `rows × cols`, zeros after.
    public static func softmaxRows(x: [Double], rows: Int, cols: Int, validCols: Int? = nil) -> [Double] {
        let valid = min(validCols ?? cols, cols)
        var y = [Double](repeating: 0, count: rows * cols)
        for r in 0..<rows where valid > 0 {
            let p = softmax(Array(x[(r * cols)..<(r * cols + valid)]))
            for j in 0..<valid { y[r * cols + j] = p[j] }
        }
        return y
    }

    /// `dx` of `softmaxRows`.
    public static func softmaxRowsBackward(dy: [Double], x: [Double], rows: Int, cols: Int, validCols: Int? = nil) -> [Double] {
        let valid = min(validCols ?? cols, cols)
        var dx = [Double](repeating: 0, count: rows * cols)
        for r in 0..<rows where valid > 0 {
            let p = softmax(Array(x[(r * cols)..<(r * cols + valid)]))
            let g = softmaxBackward(dp: Array(dy[(r * cols)..<(r * cols + valid)]), p: p)
            for j in 0..<valid { dx[r * cols + j] = g[j] }
        }
        return dx
    }
}
