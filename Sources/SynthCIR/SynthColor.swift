/// One of the named colours of the world, chosen to stay distinguishable at 64×64 pixels and
/// after anti-aliasing. Raw values are stable: they enter scene keys and digests.
public enum SynthColor: Int, CaseIterable, Sendable, Comparable {
    case red, orange, yellow, green, cyan, blue, purple, pink, brown, black

    /// The adjective used in text.
    public var word: String {
        switch self {
        case .red: "red"
        case .orange: "orange"
        case .yellow: "yellow"
        case .green: "green"
        case .cyan: "cyan"
        case .blue: "blue"
        case .purple: "purple"
        case .pink: "pink"
        case .brown: "brown"
        case .black: "black"
        }
    }

    /// The fill colour, sRGB bytes `[r, g, b]`.
    public var rgb: RGB8 {
        switch self {
        case .red: RGB8(220, 38, 38)
        case .orange: RGB8(245, 137, 20)
        case .yellow: RGB8(235, 205, 25)
        case .green: RGB8(38, 160, 60)
        case .cyan: RGB8(25, 190, 205)
        case .blue: RGB8(35, 75, 215)
        case .purple: RGB8(135, 55, 185)
        case .pink: RGB8(240, 120, 185)
        case .brown: RGB8(125, 78, 38)
        case .black: RGB8(25, 25, 25)
        }
    }

    /// The colour of a texture's second tone: light colours darkened to 55%, dark ones moved 60%
    /// of the way to white, so the pattern shows while the object keeps reading as its colour.
    public var patternRGB: RGB8 {
        let c = rgb
        let luma = (299 * Int(c.r) + 587 * Int(c.g) + 114 * Int(c.b)) / 1000
        func shade(_ v: UInt8) -> UInt8 {
            luma > 150 ? UInt8(Int(v) * 55 / 100) : UInt8(Int(v) + (255 - Int(v)) * 60 / 100)
        }
        return RGB8(shade(c.r), shade(c.g), shade(c.b))
    }

    public static func < (a: SynthColor, b: SynthColor) -> Bool { a.rawValue < b.rawValue }
}

/// An sRGB colour, one byte per channel.
public struct RGB8: Sendable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
}
