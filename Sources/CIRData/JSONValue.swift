/// A parsed JSON value. Parsing into this instead of `Codable` structs lets the loaders say which
/// field is missing or of which wrong type, in the user's terms, instead of a `DecodingError` path.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Repeated keys keep the last value, as Python's `json` module does.
    case object([String: JSONValue])

    /// "a string", "an array", … for messages like "field 'caption' must be a string, found a number".
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
