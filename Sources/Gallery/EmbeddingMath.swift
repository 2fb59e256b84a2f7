import Tensor

/// Normalisation shared by stored embeddings and queries, so that both go through the same
/// arithmetic as the model's own output (`VectorOps`, Double accumulation).
enum EmbeddingMath {
    /// `v / ‖v‖₂`. The caller has rejected zero and non-finite vectors.
    static func normalised(_ v: [Float]) -> [Float] { VectorOps.l2Normalized(v) }

    /// Checks an item's embedding; a failure's reason names the field.
    static func validate(_ v: [Float], dimension: Int) -> String? {
        if v.count != dimension { return "embedding has \(v.count) dimensions, the gallery has \(dimension)" }
        if !v.allSatisfy(\.isFinite) { return "embedding contains a non-finite value" }
        if !v.contains(where: { $0 != 0 }) { return "embedding is the zero vector" }
        // A vector whose squared norm overflows Float still normalises (VectorOps sums in Double),
        // but one this small loses all precision: refuse it.
        var s = 0.0
        for x in v { s += Double(x) * Double(x) }
        if s < 1e-30 { return "embedding is too close to zero to normalise" }
        return nil
    }
}
