import JSONWriting

/// Minimal JSON text writing for responses: escaping per RFC 8259 §7 and shortest round-trip
/// float formatting, without going through Foundation's serializer on the hot path.
public enum JSONText {
    /// `s` as a JSON string literal.
    public static func quote(_ s: String) -> String { JSONString.literal(s) }

    /// A float as JSON: shortest round-trip text; non-finite values (never produced by the model
    /// on valid input) become `null` so the document stays valid.
    public static func number(_ f: Float) -> String { f.isFinite ? "\(f)" : "null" }
}
