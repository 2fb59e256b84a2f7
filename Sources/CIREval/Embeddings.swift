/// A batch of embeddings, `[count, dim]`, row-major Float32.
///
/// The protocols score by dot product, so rows must be L2-normalised by the caller for the scores
/// to be cosine similarities (the model's embeddings already are).
public struct Embeddings: Sendable, Equatable {
    /// Number of rows.
    public let count: Int
    /// Length of each row (512 for CLIP ViT-B).
    public let dim: Int
    /// `[count, dim]`, row `i` at `values[i * dim ..< (i + 1) * dim]`.
    public let values: [Float]

    /// - Throws: `EvalError.shape` unless `dim ≥ 1`, `count ≥ 0` and `values.count == count * dim`;
    ///   `EvalError.nonFinite` for a NaN or infinity.
    public init(count: Int, dim: Int, values: [Float]) throws(EvalError) {
        guard dim >= 1, count >= 0, values.count == count * dim else {
            throw .shape("embeddings [\(count), \(dim)] need \(max(count, 0) * max(dim, 0)) values, got \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(what: "embeddings", row: bad / dim, column: bad % dim)
        }
        self.count = count
        self.dim = dim
        self.values = values
    }

    /// One array per row; all rows must have the same non-zero length.
    /// - Throws: `EvalError.shape` for ragged or empty rows, `EvalError.nonFinite`.
    public init(rows: [[Float]]) throws(EvalError) {
        let dim = rows.first?.count ?? 1
        for (index, row) in rows.enumerated() where row.count != dim {
            throw .shape("row \(index) has \(row.count) values, row 0 has \(dim)")
        }
        try self.init(count: rows.count, dim: dim, values: rows.flatMap { $0 })
    }

    /// Row `index`, `[dim]`.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[index * dim ..< (index + 1) * dim]
    }
}
