/// The protocol version of a request line (RFC 9112 §2.3: `HTTP-version = "HTTP" "/" DIGIT "." DIGIT`).
/// The parser only produces 1.0 and 1.1.
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major version digit.
    public let major: Int
    /// The minor version digit.
    public let minor: Int

    /// A version from its two digits.
    public init(major: Int, minor: Int) {
        self.major = major; self.minor = minor
    }

    /// HTTP/1.0: no Host required, persistent only with `Connection: keep-alive`.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1: Host required, persistent unless `Connection: close`.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}
