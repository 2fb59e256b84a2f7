/// The shape of an object. Raw values are stable: they enter scene keys and digests.
public enum SynthShape: Int, CaseIterable, Sendable, Comparable {
    case circle, square, triangle, diamond, star, cross, heart

    /// The noun used in captions and modification texts.
    public var word: String {
        switch self {
        case .circle: "circle"
        case .square: "square"
        case .triangle: "triangle"
        case .diamond: "diamond"
        case .star: "star"
        case .cross: "cross"
        case .heart: "heart"
        }
    }

    public static func < (a: SynthShape, b: SynthShape) -> Bool { a.rawValue < b.rawValue }
}
