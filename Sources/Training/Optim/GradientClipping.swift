/// `torch.nn.utils.clip_grad_norm_` over the whole parameter set: returns the global L2 norm
/// before clipping and scales every gradient down when it exceeds `maxNorm`.
public enum GradientClipping {
    public static func clip(_ p: ParameterSet, maxNorm: Float) -> Float {
        let g = p.grads.pointer
        var s: Double = 0
        for i in 0..<p.count { s += Double(g[i]) * Double(g[i]) }
        let norm = Float(s.squareRoot())
        if maxNorm > 0, norm > maxNorm {
            let c = maxNorm / (norm + 1e-6)
            for i in 0..<p.count { g[i] *= c }
        }
        return norm
    }
}
