/// One unit of model work, already decoded and tokenized by the request thread so the inference
/// worker spends its time on matrix products only.
public enum InferenceJob: Sendable {
    /// Gallery / image-only embedding of preprocessed pixels `[3, S, S]`.
    case image(pixels: [Float])
    /// Text-only embedding of token ids.
    case text(ids: [Int32])
    /// Composed query: image pixels modified by text ids.
    case composed(pixels: [Float], ids: [Int32])

    /// Jobs of one kind can share a batched forward pass.
    public var kind: Kind {
        switch self {
        case .image: .image
        case .text: .text
        case .composed: .composed
        }
    }

    public enum Kind: String, Sendable, CaseIterable { case image, text, composed }
}
