/// One metadata value: the JSON scalars. Objects and arrays are not values (metadata is flat).
///
/// Equality is typed: `.string("1")` does not equal `.number(1)`. Numbers compare as `Double`
/// (`0` equals `-0`); NaN and infinities are refused by validation, so equality is reflexive.
public enum MetadataValue: Sendable, Hashable, CustomStringConvertible {
    /// A JSON string (no NUL).
    case string(String)
    /// A JSON number, as a finite Double.
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// JSON `null` (stored, and distinct from an absent key).
    case null

    public var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .number(let d): return "\(d)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        }
    }
}

/// An item's metadata: a flat object of at most `GalleryLimits.maxMetadataKeys` keys.
public typealias GalleryMetadata = [String: MetadataValue]
