/// One search result: an id and its cosine similarity to the query (in [-1, 1]).
public struct GalleryHit: Sendable, Equatable, CustomStringConvertible {
    /// The item's id.
    public var id: String
    /// Cosine similarity (dot product of the unit vectors).
    public var score: Float

    public init(id: String, score: Float) {
        self.id = id
        self.score = score
    }

    public var description: String { "\(id): \(score)" }
}
