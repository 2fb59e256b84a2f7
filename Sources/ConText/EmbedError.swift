import ImageIO

/// Why an embedding request cannot be computed. These are the caller's problems (the service maps
/// them to 4xx), unlike `ModelLoadError`, which is the operator's.
public enum EmbedError: Error, Equatable, CustomStringConvertible {
    /// A composed query needs the ConText head; a hub CLIP checkpoint has none.
    case noFusionHead
    /// Text-only search needs `text_projection`, which trained ConText-CIR state dicts lack.
    case noTextProjection
    /// Pixel input of the wrong size.
    case badPixelValues(expected: Int, actual: Int)
    /// Token ids outside the vocabulary or longer than the context.
    case badTokens(String)
    /// The image could not be decoded (corrupt, truncated, unsupported, too large).
    case image(ImageDecodeError)
    /// Mismatched batch sizes.
    case batchMismatch(images: Int, texts: Int)

    public var description: String {
        switch self {
        case .noFusionHead: "this model has no ConText fusion head (a plain CLIP checkpoint): composed queries need a trained ConText-CIR model"
        case .noTextProjection: "this model has no text_projection: text-only queries need a CLIP checkpoint that includes it"
        case .badPixelValues(let e, let a): "expected \(e) pixel values per image, got \(a)"
        case .badTokens(let s): "invalid token ids: \(s)"
        case .image(let e): e.description
        case .batchMismatch(let i, let t): "a composed batch needs one text per image (\(i) images, \(t) texts)"
        }
    }
}
