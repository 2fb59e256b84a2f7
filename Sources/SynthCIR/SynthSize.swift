/// The size class of an object (two classes, so a size change is never ambiguous).
public enum SynthSize: Int, CaseIterable, Sendable, Comparable {
    case small, large

    /// The adjective used in text.
    public var word: String { self == .small ? "small" : "large" }

    /// The comparative a modification text may use instead ("make the star bigger").
    public var comparatives: [String] { self == .small ? ["smaller"] : ["bigger", "larger"] }

    /// The object's extent as a share of its grid cell's side, in percent: the shape's
    /// bounding radius is `cell * radiusPercent / 100`.
    var radiusPercent: Int { self == .small ? 28 : 44 }

    public static func < (a: SynthSize, b: SynthSize) -> Bool { a.rawValue < b.rawValue }
}
