extension NaiveOps {
    /// `y[n, o] = x[n, i] · w[o, i]ᵀ + b[o]`.
    public static func linear(x: [Double], w: [Double], b: [Double]?, n: Int, inFeatures: Int, outFeatures: Int) -> [Double] {
        var y = [Double](repeating: 0, count: n * outFeatures)
        for r in 0..<n {
            for o in 0..<outFeatures {
                var s = b?[o] ?? 0
                for i in 0..<inFeatures { s += x[r * inFeatures + i] * w[o * inFeatures + i] }
                y[r * outFeatures + o] = s
            }
        }
        return y
    }

    /// `(dx[n, i], dw[o, i], db[o])` of `linear` for `dy[n, o]`.
    public static func linearBackward(dy: [Double], x: [Double], w: [Double], n: Int, inFeatures: Int, outFeatures: Int)
        -> (dx: [Double], dw: [Double], db: [Double]) {
        var dx = [Double](repeating: 0, count: n * inFeatures)
        var dw = [Double](repeating: 0, count: outFeatures * inFeatures)
        var db = [Double](repeating: 0, count: outFeatures)
        for r in 0..<n {
            for o in 0..<outFeatures {
                let g = dy[r * outFeatures + o]
                db[o] += g
                for i in 0..<inFeatures {
                    dx[r * inFeatures + i] += g * w[o * inFeatures + i]
                    dw[o * inFeatures + i] += g * x[r * inFeatures + i]
                }
            }
        }
        return (dx, dw, db)
    }
}
