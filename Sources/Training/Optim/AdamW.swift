import Foundation

/// `torch.optim.AdamW` over a `ParameterSet`: decoupled weight decay, bias-corrected moments.
/// Defaults are the reference's: betas (0.9, 0.98), eps 1e-8, weight decay 1e-3.
public struct AdamW: Sendable, Codable, Equatable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.98
    public var eps: Float = 1e-8
    public var weightDecay: Float = 1e-3
    /// Steps taken (the bias correction's t).
    public var step = 0

    public init(beta1: Float = 0.9, beta2: Float = 0.98, eps: Float = 1e-8, weightDecay: Float = 1e-3) {
        self.beta1 = beta1; self.beta2 = beta2; self.eps = eps; self.weightDecay = weightDecay
    }

    /// One update with learning rate `lr` times each group's scale; a group whose scale is 0 is
    /// frozen (neither its moments nor its values change, as with `requires_grad = False`).
    public mutating func update(_ p: ParameterSet, lr: Float, groupScale: [ParameterSet.Group: Float]) {
        step += 1
        let bc1 = 1 - Float(pow(Double(beta1), Double(step))), bc2 = 1 - Float(pow(Double(beta2), Double(step)))
        let b1 = beta1, b2 = beta2, e = eps, wd = weightDecay
        for entry in p.entries {
            let scale = groupScale[entry.group] ?? 1
            guard scale > 0 else { continue }
            let rate = lr * scale
            let x = p.values.pointer + entry.offset, g = p.grads.pointer + entry.offset
            let m = p.adamM.pointer + entry.offset, v = p.adamV.pointer + entry.offset
            let decay = 1 - rate * wd
            // torch: p *= 1 − lr·wd; m = b1 m + (1−b1) g; v = b2 v + (1−b2) g²;
            // p −= lr/bc1 · m / (sqrt(v)/sqrt(bc2) + eps)
            let stepSize = rate / bc1, rootBC2 = bc2.squareRoot()
            for i in 0..<entry.count {
                let gi = g[i]
                x[i] *= decay
                m[i] = b1 * m[i] + (1 - b1) * gi
                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                x[i] -= stepSize * m[i] / (v[i].squareRoot() / rootBC2 + e)
            }
        }
    }
}
