/// FLOP counts of the benchmark workloads, from the ViT-B/32 shapes: 2·M·N·K per matrix product,
/// attention's score and value products included (counted in full, causal or not, as computed).
/// LayerNorm, softmax and activations are left out (well under 1%).
enum FLOPs {
    static func encoder(tokens t: Double, width d: Double, mlp f: Double, layers l: Double) -> Double {
        let perLayer = 2 * t * d * 3 * d      // fused q, k, v
            + 2 * 2 * t * t * d                 // q·kᵀ and p·v over all heads
            + 2 * t * d * d                     // out_proj
            + 2 * 2 * t * d * f                 // fc1, fc2
        return l * perLayer
    }

    /// Vision tower of one image, up to `last_hidden_state` / pooled CLS (no projection).
    static let visionTower = 2 * 49 * 768 * 3072.0 + encoder(tokens: 50, width: 768, mlp: 3072, layers: 12)
    /// Text tower over `tokens` real tokens (no projection).
    static func textTower(_ tokens: Int) -> Double { encoder(tokens: Double(tokens), width: 512, mlp: 2048, layers: 12) }

    /// Gallery embedding of one image.
    static let image = visionTower + 2 * 768 * 512
    /// Text-only embedding.
    static func text(_ tokens: Int) -> Double { textTower(tokens) + 2 * 512 * 512 }

    /// ConText head for one pair: 4 fusion layers, the pooler and the query projection.
    static func head(textTokens tt: Int) -> Double {
        let tv = 50.0, t = Double(tt), d = 768.0, dt = 512.0
        let layer = 2 * tv * d * d + 2 * t * dt * 2 * d + 2 * 2 * tv * t * d + 2 * tv * d * d + 2 * 2 * tv * d * 4 * d
        let pooler = 2 * tv * d * 2 * d + 2 * 2 * tv * d + 2 * d * d
        return 4 * layer + pooler + 2 * d * 512
    }

    /// Composed query: both towers and the head.
    static func query(textTokens t: Int) -> Double { visionTower + textTower(t) + head(textTokens: t) }
}
