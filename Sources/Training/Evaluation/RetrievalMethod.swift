/// How a composed query is embedded for evaluation: the model, and the three baselines the issue
/// compares it with (image only, text only, the normalised sum of CLIP's image and text embeddings).
public enum RetrievalMethod: String, Sendable, CaseIterable, Codable {
    case composed
    case image
    case text
    case sum
}
