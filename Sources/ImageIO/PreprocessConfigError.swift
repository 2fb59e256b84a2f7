/// A `preprocessor_config.json` value we cannot use.
public enum PreprocessConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `key` (dotted for nested keys) holds a value of the wrong type or range.
    case invalid(key: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let key, let reason): return "preprocessor_config.json: \(key.isEmpty ? "file" : key): \(reason)"
        }
    }
}
