/// The Text Concept-Consistency loss (reference `compute_text_cc_loss`, DESIGN §6).
///
/// For each noun phrase of a modification text: the cross-attention of the image tokens (CLS row
/// dropped) to the phrase's tokens, averaged over fusion layers, heads and the phrase's tokens,
/// in context (the whole text) against the same with the phrase fed alone (no gradient);
/// penalised by `mean_j ReLU(|in_context_j − isolated_j| − ε)`, averaged over all phrases of the
/// batch. Attention probabilities are laid out `[H, T, L]` per sample (`FusionHead.probs`).
public struct ConceptConsistency: Sendable {
    /// ε of the reference (default 0).
    public var epsilon: Float
    /// At most this many phrases per text are used (reference `max_nps` 10).
    public var maxPhrases: Int

    public init(epsilon: Float = 0, maxPhrases: Int = 10) { self.epsilon = epsilon; self.maxPhrases = maxPhrases }

    /// Where a phrase's tokens (without BOS/EOS) first occur in a text's ids (with BOS): the
    /// reference's `_find_subsequence`. Nil when absent (the phrase is then skipped, as there).
    public static func span(of phrase: [Int32], in ids: [Int32]) -> Range<Int>? {
        let n = ids.count, m = phrase.count
        guard m > 0, m <= n else { return nil }
        for s in 0...(n - m) where ids[s] == phrase[0] {
            var ok = true
            for k in 1..<m where ids[s + k] != phrase[k] { ok = false; break }
            if ok { return s ..< s + m }
        }
        return nil
    }

    /// `out[j] = mean over layers, heads and columns of probs[l][h, j + 1, c]`, j < T − 1.
    static func averagedMap(_ layers: [UnsafePointer<Float>], offset: Int, heads: Int, tokens t: Int, keys: Int,
                            columns: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let w = 1 / Float(layers.count * heads * columns.count)
        for j in 0..<(t - 1) {
            var s: Float = 0
            for l in layers {
                for h in 0..<heads {
                    let row = l + offset + (h * t + j + 1) * keys
                    for c in columns { s += row[c] }
                }
            }
            out[j] = s * w
        }
    }

    /// One phrase's term and the gradient it puts on the in-context probabilities:
    /// returns `mean_j ReLU(|ic_j − iso_j| − ε)` and adds `scale · ∂/∂probs` into `dProbs`.
    func term(inContext ic: UnsafePointer<Float>, isolated iso: UnsafePointer<Float>, tokens t: Int, heads: Int,
              dProbs: [UnsafeMutablePointer<Float>], offset: Int, keys: Int, columns: Range<Int>, scale: Float) -> Float {
        let n = t - 1
        var sum: Float = 0
        let w = scale / Float(n) / Float(dProbs.count * heads * columns.count)
        for j in 0..<n {
            let diff = ic[j] - iso[j], excess = abs(diff) - epsilon
            guard excess > 0 else { continue }
            sum += excess
            let g = diff > 0 ? w : -w
            for l in dProbs {
                for h in 0..<heads {
                    let row = l + offset + (h * t + j + 1) * keys
                    for c in columns { row[c] += g }
                }
            }
        }
        return sum / Float(n)
    }
}
