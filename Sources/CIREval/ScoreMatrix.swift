/// Similarity of every query to every gallery item, `[queries, gallery]`, row-major Float32.
///
/// Compute it with `ScoreMatrix.cosine(queries:gallery:)`, or build it from scores computed
/// elsewhere (e.g. by the service's BLAS path); the protocols only read it.
public struct ScoreMatrix: Sendable, Equatable {
    /// Number of rows (queries).
    public let queries: Int
    /// Number of columns (gallery items).
    public let gallery: Int
    /// `[queries, gallery]`: the score of query `q` and gallery item `g` at `values[q * gallery + g]`.
    public let values: [Float]

    /// - Throws: `EvalError.shape` unless `values.count == queries * gallery`;
    ///   `EvalError.nonFinite` for a NaN or infinity.
    public init(queries: Int, gallery: Int, values: [Float]) throws(EvalError) {
        guard queries >= 0, gallery >= 0, values.count == queries * gallery else {
            throw .shape("scores [\(queries), \(gallery)] need \(max(queries, 0) * max(gallery, 0)) values, got \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(what: "scores", row: bad / max(gallery, 1), column: bad % max(gallery, 1))
        }
        self.queries = queries
        self.gallery = gallery
        self.values = values
    }

    init(unchecked queries: Int, gallery: Int, values: [Float]) {
        self.queries = queries
        self.gallery = gallery
        self.values = values
    }

    /// The score of query `query` and gallery item `item`.
    public subscript(query: Int, item: Int) -> Float {
        values[query * gallery + item]
    }

    /// Dot products of every query row with every gallery row: cosine similarities for the
    /// L2-normalised embeddings the model produces. `[Q, D] × [G, D] → [Q, G]`.
    ///
    /// A pair's score depends only on the two rows, never on their positions, so identical
    /// gallery rows tie exactly (the tie-break then decides, by name).
    /// - Throws: `EvalError.shape` if the dimensions differ.
    public static func cosine(queries: Embeddings, gallery: Embeddings) throws(EvalError) -> ScoreMatrix {
        guard queries.dim == gallery.dim else {
            throw .shape("query embeddings have \(queries.dim) dimensions, gallery embeddings \(gallery.dim)")
        }
        var out = [Float](repeating: 0, count: queries.count * gallery.count)
        if !out.isEmpty {
            queries.values.withUnsafeBufferPointer { q in
                gallery.values.withUnsafeBufferPointer { g in
                    out.withUnsafeMutableBufferPointer { o in
                        DotKernel.blocked(
                            queries: q.baseAddress!, gallery: g.baseAddress!, out: o.baseAddress!,
                            queryCount: queries.count, galleryCount: gallery.count, dim: queries.dim)
                    }
                }
            }
        }
        return ScoreMatrix(unchecked: queries.count, gallery: gallery.count, values: out)
    }
}
