extension NaiveOps {
    /// The shape and masks of one attention call: q `[tq, H·hd]`, k and v `[tk, H·hd]`, dense.
    public struct AttentionShape: Sendable {
        public var tq, tk, heads, headDim: Int
        public var scale: Double
        public var causal: Bool
        public var validKeys: Int?

        public init(tq: Int, tk: Int, heads: Int, headDim: Int, scale: Double, causal: Bool, validKeys: Int? = nil) {
            self.tq = tq; self.tk = tk; self.heads = heads; self.headDim = headDim
            self.scale = scale; self.causal = causal; self.validKeys = validKeys
        }

        /// Keys query `i` sees: `0..<validKeys`, and `0...i` when causal.
        func visible(_ i: Int) -> Int { min(validKeys ?? tk, causal ? i + 1 : tk, tk) }
    }

    /// `(out [tq, H·hd], probs [H, tq, tk])` of multi-head attention; probs are 0 where masked and
    /// a query with no visible key outputs zeros.
    public static func attention(q: [Double], k: [Double], v: [Double], _ s: AttentionShape) -> (out: [Double], probs: [Double]) {
        let d = s.heads * s.headDim
        var out = [Double](repeating: 0, count: s.tq * d)
        var probs = [Double](repeating: 0, count: s.heads * s.tq * s.tk)
        for h in 0..<s.heads {
            for i in 0..<s.tq {
                let n = s.visible(i)
                guard n > 0 else { continue }
                let p = softmax(scores(q: q, k: k, h: h, i: i, n: n, s))
                for j in 0..<n {
                    probs[(h * s.tq + i) * s.tk + j] = p[j]
                    for c in 0..<s.headDim { out[i * d + h * s.headDim + c] += p[j] * v[j * d + h * s.headDim + c] }
                }
            }
        }
        return (out, probs)
    }

    /// `(dq, dk, dv)` of `attention` for `dout [tq, H·hd]`, by the chain rule through the scores
    /// and the softmax Jacobian (recomputed here, not read from saved probabilities).
    public static func attentionBackward(dout: [Double], q: [Double], k: [Double], v: [Double], _ s: AttentionShape)
        -> (dq: [Double], dk: [Double], dv: [Double]) {
        let d = s.heads * s.headDim
        var dq = [Double](repeating: 0, count: s.tq * d)
        var dk = [Double](repeating: 0, count: s.tk * d), dv = dk
        for h in 0..<s.heads {
            for i in 0..<s.tq {
                let n = s.visible(i)
                guard n > 0 else { continue }
                let p = softmax(scores(q: q, k: k, h: h, i: i, n: n, s))
                var dp = [Double](repeating: 0, count: n)
                for j in 0..<n {
                    for c in 0..<s.headDim {
                        let g = dout[i * d + h * s.headDim + c]
                        dv[j * d + h * s.headDim + c] += p[j] * g
                        dp[j] += g * v[j * d + h * s.headDim + c]
                    }
                }
                let dscore = softmaxBackward(dp: dp, p: p)
                for j in 0..<n {
                    for c in 0..<s.headDim {
                        dq[i * d + h * s.headDim + c] += s.scale * dscore[j] * k[j * d + h * s.headDim + c]
                        dk[j * d + h * s.headDim + c] += s.scale * dscore[j] * q[i * d + h * s.headDim + c]
                    }
                }
            }
        }
        return (dq, dk, dv)
    }

    private static func scores(q: [Double], k: [Double], h: Int, i: Int, n: Int, _ s: AttentionShape) -> [Double] {
        let d = s.heads * s.headDim
        return (0..<n).map { j in
            var dot = 0.0
            for c in 0..<s.headDim { dot += q[i * d + h * s.headDim + c] * k[j * d + h * s.headDim + c] }
            return s.scale * dot
        }
    }
}
