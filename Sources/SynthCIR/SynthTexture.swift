/// The surface pattern of an object. Raw values are stable: they enter scene keys and digests.
public enum SynthTexture: Int, CaseIterable, Sendable, Comparable {
    case solid, striped, dotted, checkered

    /// The adjective used in text ("a striped circle"). Captions omit "solid"; modification texts
    /// say it when the change is to a solid fill.
    public var word: String {
        switch self {
        case .solid: "solid"
        case .striped: "striped"
        case .dotted: "dotted"
        case .checkered: "checkered"
        }
    }

    public static func < (a: SynthTexture, b: SynthTexture) -> Bool { a.rawValue < b.rawValue }
}
