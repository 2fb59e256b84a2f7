/// Why a path segment or query component could not be decoded (400).
public enum PercentDecodingError: HTTPStatusError, Equatable, Hashable {
    /// `%` not followed by two hex digits (RFC 3986 §2.1: `pct-encoded = "%" HEXDIG HEXDIG`).
    case invalidEscape
    /// The decoded bytes are not UTF-8.
    case invalidUTF8

    public var status: Int { 400 }

    public var code: String {
        switch self {
        case .invalidEscape: "bad_percent_encoding"
        case .invalidUTF8: "bad_utf8_in_url"
        }
    }

    public var description: String {
        switch self {
        case .invalidEscape: "a '%' in the URL is not followed by two hexadecimal digits"
        case .invalidUTF8: "the percent-decoded URL is not valid UTF-8"
        }
    }
}
