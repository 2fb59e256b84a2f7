/// One search result: an id and its cosine similarity to the query (in [-1, 1]).
public struct GalleryHit: Sendable, Equatable, CustomStringConvertible {
    public var id: String
    public var score: Float

    public init(id: String, score: Float) {
        self.id = id
        self.score = score
    }

    public var description: String { "\(id): \(score)" }
}
