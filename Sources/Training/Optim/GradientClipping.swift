/// `torch.nn.utils.clip_grad_norm_` over the parameters of `groups` (default: all): returns the
/// global L2 norm before clipping and scales those gradients down when it exceeds `maxNorm`
/// (`maxNorm` ≤ 0 only measures).
public enum GradientClipping {
    public static func clip(_ p: ParameterSet, maxNorm: Float, groups: Set<ParameterSet.Group>? = nil) -> Float {
        let entries = p.entries.filter { groups?.contains($0.group) ?? true }
        var s: Double = 0
        for e in entries {
            let g = p.grads.pointer + e.offset
            for i in 0..<e.count { s += Double(g[i]) * Double(g[i]) }
        }
        let norm = Float(s.squareRoot())
        if maxNorm > 0, norm > maxNorm {
            let c = maxNorm / (norm + 1e-6)
            for e in entries {
                let g = p.grads.pointer + e.offset
                for i in 0..<e.count { g[i] *= c }
            }
        }
        return norm
    }
}
